"""Provenance tools: the verification queue, its counts, and verifying citations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy
from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import Citation, Reliability, Topic
from topics.verification_queue import provenance_counts

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("admin:verification_queue")
CITATIONS_URL = reverse("admin:topics_citation_changelist")


@pytest.fixture
def library(db):
    """One topic or case study for each provenance state."""
    ai, scholarly = (
        SourceFactory(title="AI seed", reliability=Reliability.AI_GENERATED),
        SourceFactory(title="Journal article", reliability=Reliability.SCHOLARLY),
    )
    rows = {
        "ai_only": TopicFactory(title="Attachés, AI only"),
        "mixed": TopicFactory(title="Exercises, AI and journal"),
        "uncited": TopicFactory(title="Peacekeeping, uncited"),
        "stale": TopicFactory(
            title="Treaties, stale",
            review_by=timezone.localdate() - datetime.timedelta(days=1),
        ),
        "fresh": TopicFactory(
            title="Mediation, fresh",
            review_by=timezone.localdate() + datetime.timedelta(days=30),
        ),
        "case_ai_only": CaseStudyFactory(title="Dayton, AI only"),
        "case_uncited": CaseStudyFactory(title="Sinai, uncited", draft=True),
    }
    CitationFactory(topic=rows["ai_only"], source=ai, claim="Claim from the seed.")
    CitationFactory(topic=rows["mixed"], source=ai)
    CitationFactory(topic=rows["mixed"], source=scholarly, verification="verified")
    CitationFactory(topic=rows["stale"], source=scholarly, verification="verified")
    CitationFactory(topic=rows["fresh"], source=scholarly, verification="verified")
    CitationFactory(topic=None, case_study=rows["case_ai_only"], source=ai)
    return rows


def test_queryset_methods_find_each_provenance_problem(library):
    assert list(Topic.objects.backed_only_by_ai()) == [library["ai_only"]]
    assert set(Topic.objects.without_citations()) == {library["uncited"]}
    assert list(Topic.objects.past_review_by()) == [library["stale"]]
    assert list(CaseStudy.objects.backed_only_by_ai()) == [library["case_ai_only"]]
    assert list(CaseStudy.objects.without_citations()) == [library["case_uncited"]]


def test_provenance_counts_match_the_lists_in_three_queries(
    library, django_assert_num_queries
):
    with django_assert_num_queries(3):
        counts = provenance_counts()
    assert counts == {
        "citations": {"unverified": 3, "disputed": 0},
        "topics": {"without_citations": 1, "backed_only_by_ai": 1, "past_review_by": 1},
        "case_studies": {
            "without_citations": 1,
            "backed_only_by_ai": 1,
            "past_review_by": 0,
        },
    }


def test_queue_lists_what_needs_a_reviewer(reviewer_client, library):
    response = reviewer_client.get(QUEUE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    for key in ["ai_only", "uncited", "stale", "case_ai_only", "case_uncited"]:
        assert library[key].title in page, key
    assert "Claim from the seed." in page
    assert "Mediation, fresh" not in page
    ai_only_section = page.split('id="topics-ai-only"')[1].split('id="topics-uncited"')[
        0
    ]
    assert "Attachés, AI only" in ai_only_section
    assert "Exercises, AI and journal" not in ai_only_section  # it cites a journal too


def test_queue_runs_a_fixed_number_of_queries(reviewer_client, library):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(QUEUE_URL).status_code == 200
        return len(captured)

    small = queries()
    ai = SourceFactory(reliability=Reliability.AI_GENERATED)
    for _ in range(30):
        CitationFactory(topic=TopicFactory(), source=ai)
        CitationFactory(topic=None, case_study=CaseStudyFactory(), source=ai)
    TopicFactory.create_batch(
        20, review_by=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert Citation.objects.unverified().count() > 60
    assert queries() == small


def test_admin_index_shows_the_counts_in_fixed_queries(reviewer_client, library):
    def index():
        with CaptureQueriesContext(connection) as captured:
            response = reviewer_client.get(reverse("admin:index"))
        return response, len(captured)

    index()  # the first request caches content types
    response, small = index()
    page = response.content.decode()
    assert 'data-count="citations-unverified">3 unverified' in page
    assert 'data-count="topics-ai">1<' in page
    assert 'data-count="case-studies-uncited">1<' in page
    assert 'data-count="topics-stale">1<' in page
    CitationFactory.create_batch(55)
    response, large = index()
    assert (
        'data-count="citations-unverified">58 unverified' in response.content.decode()
    )
    assert large == small


def test_counts_and_queue_need_the_view_permissions(client, library):
    client.force_login(UserFactory(is_staff=True))
    assert (
        "provenance-summary" not in client.get(reverse("admin:index")).content.decode()
    )
    assert client.get(QUEUE_URL).status_code == 403


def test_anonymous_users_are_sent_to_login_from_the_queue(client):
    response = client.get(QUEUE_URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    ("admin_name", "problem", "expected"),
    [
        ("topics_topic", "backed_only_by_ai", "ai_only"),
        ("topics_topic", "without_citations", "uncited"),
        ("topics_topic", "past_review_by", "stale"),
        ("casestudies_casestudy", "without_citations", "case_uncited"),
    ],
)
def test_changelist_filters_by_provenance(
    reviewer_client, library, admin_name, problem, expected
):
    response = reviewer_client.get(
        reverse(f"admin:{admin_name}_changelist"), {"provenance": problem}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [library[expected]]


def test_reviewer_marks_citations_verified(reviewer_client, reviewer):
    citations = CitationFactory.create_batch(2)
    response = reviewer_client.post(
        CITATIONS_URL,
        {"action": "mark_verified", "_selected_action": [c.pk for c in citations]},
    )
    assert response.status_code == 302
    for citation in Citation.objects.all():
        assert (citation.verification, citation.verified_by) == ("verified", reviewer)
        assert citation.verified_at is not None


def test_reviewer_marks_a_citation_disputed_with_a_note(reviewer_client, reviewer):
    citation = CitationFactory()
    selection = {"action": "mark_disputed", "_selected_action": [citation.pk]}
    response = reviewer_client.post(CITATIONS_URL, selection)
    assert response.status_code == 200
    assert "What is wrong, and what is correct?" in response.content.decode()

    response = reviewer_client.post(CITATIONS_URL, {**selection, "apply": "1"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Citation.objects.get().verification == "unverified"

    note = "NATO was founded in 1949, not 1951."
    response = reviewer_client.post(
        CITATIONS_URL, {**selection, "apply": "1", "note": note}
    )
    assert response.status_code == 302
    citation = Citation.objects.get()
    assert (citation.verification, citation.verification_note) == ("disputed", note)
    assert citation.verified_by == reviewer


def test_editor_has_no_verification_actions(editor_client):
    citation = CitationFactory()
    actions = dict(
        editor_client.get(CITATIONS_URL).context["action_form"].fields["action"].choices
    )
    assert "mark_verified" not in actions and "mark_disputed" not in actions
    editor_client.post(
        CITATIONS_URL, {"action": "mark_verified", "_selected_action": [citation.pk]}
    )
    assert Citation.objects.get().verification == "unverified"


def test_review_by_date_is_editable_in_the_admin(editor_client):
    topic = TopicFactory()
    page = editor_client.get(
        reverse("admin:topics_topic_change", args=[topic.pk])
    ).content.decode()
    assert 'name="review_by"' in page


# Pagination and groups.


def _section(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"')[1].split("</section>")[0]


def test_each_list_is_paginated_with_its_own_page_parameter(reviewer_client):
    ai = SourceFactory(reliability=Reliability.AI_GENERATED)
    for n in range(30):
        CitationFactory(
            topic=TopicFactory(title=f"AI topic {n:02}"),
            source=ai,
            claim=f"Claim {n:02}",
        )
    TopicFactory.create_batch(
        3, review_by=timezone.localdate() - datetime.timedelta(days=3)
    )
    page = reviewer_client.get(QUEUE_URL).content.decode()
    unverified = _section(page, "unverified-citations")
    assert unverified.count("<tr>") == 25
    assert "Page 1 of 2 (rows 1–25 of 30)" in unverified
    assert "?unverified_citations_page=2#unverified-citations" in unverified
    assert 'data-count="unverified">30<' in page
    assert 'data-count="ai-only">30<' in page
    assert 'data-count="stale">3<' in page
    topics_ai = _section(page, "topics-ai-only")
    assert "AI topic 00" in topics_ai and "AI topic 25" not in topics_ai
    assert "Topics (30)" in topics_ai

    page = reviewer_client.get(
        QUEUE_URL, {"topics_ai_only_page": "2", "unverified_citations_page": "2"}
    ).content.decode()
    topics_ai = _section(page, "topics-ai-only")
    assert "AI topic 25" in topics_ai and "AI topic 24" not in topics_ai
    assert topics_ai.count("<tr>") == 5
    assert "Page 2 of 2 (rows 26–30 of 30)" in topics_ai
    # The other list's page parameter is kept in the links.
    assert (
        '<a href="?topics_ai_only_page=1&amp;unverified_citations_page=2'
        '#topics-ai-only" rel="prev">'
    ) in topics_ai
    assert _section(page, "unverified-citations").count("<tr>") == 5
    # Only one page of stale topics: no page links.
    assert "Page 1 of" not in _section(page, "topics-stale")


def test_the_group_being_paged_is_open_else_the_first_with_rows(
    reviewer_client, library
):
    page = reviewer_client.get(QUEUE_URL).content.decode()
    assert 'id="group-unverified" open' in page
    assert 'id="group-ai-only" open' not in page
    page = reviewer_client.get(QUEUE_URL, {"case_studies_ai_only_page": "1"})
    page = page.content.decode()
    assert 'id="group-ai-only" open' in page
    assert 'id="group-unverified" open' not in page


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999", "1e9", ""])
def test_a_bad_page_number_shows_a_real_page(reviewer_client, library, number):
    response = reviewer_client.get(QUEUE_URL, {"unverified_citations_page": number})
    assert response.status_code == 200
    assert "Claim from the seed." in response.content.decode()


def test_an_empty_queue_says_none(reviewer_client):
    page = reviewer_client.get(QUEUE_URL).content.decode()
    assert page.count("<p>None.</p>") == 9  # with the broken links block
    assert " open>" not in page
