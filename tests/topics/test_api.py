"""The topics, sources and citations API: representations, filters, writes, exports."""

import json

import pytest
from django.core.cache import cache
from rest_framework.reverse import reverse

from editorial.models import PublicationStatus
from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import Citation, Reliability, SourceKind, Topic

pytestmark = pytest.mark.django_db


def topic_url(slug):
    return reverse("api:topic-detail", kwargs={"slug": slug})


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


# Topics


def test_topic_detail_shows_citations_with_reliability_and_links(api_client):
    parent = TopicFactory(title="Military diplomacy")
    topic = TopicFactory(parent=parent, body="Some *emphasis*<script>x()</script>")
    CitationFactory(
        topic=topic,
        source=SourceFactory(reliability=Reliability.AI_GENERATED),
        claim="Attachés build trust.",
    )

    data = api_client.get(topic_url(topic.slug)).json()

    assert data["parent"] == parent.slug
    assert data["body_html"] == "<p>Some <em>emphasis</em></p>"
    assert data["api_url"] == "http://testserver" + topic_url(topic.slug)
    assert data["site_url"] == "http://testserver" + topic.get_absolute_url()
    assert data["case_studies_url"].endswith(
        f"/api/v1/case-studies/?topic={topic.slug}"
    )
    [citation] = data["citations"]
    assert citation["claim"] == "Attachés build trust."
    assert citation["verification"] == "unverified"
    assert citation["source"]["reliability"] == "ai_generated"
    assert citation["source"]["reliability_label"] == "AI-generated, unverified"


def test_topic_filters_mirror_the_site(api_client):
    root = TopicFactory(title="Alliances", slug="alliances")
    other_root = TopicFactory(title="Peacekeeping", slug="peacekeeping")
    child = TopicFactory(title="NATO", slug="nato", parent=root, summary="Atlantic")
    grandchild = TopicFactory(title="Balkans", slug="balkans", parent=child)
    url = reverse("api:topic-list")

    assert slugs(api_client.get(url, {"root": "true"})) == ["alliances", "peacekeeping"]
    assert slugs(api_client.get(url, {"parent": "alliances,nato"})) == [
        "balkans",
        "nato",
    ]
    assert slugs(api_client.get(url, {"q": "atlantic"})) == [child.slug]
    assert slugs(api_client.get(url, {"ordering": "-title"})) == [
        other_root.slug,
        child.slug,
        grandchild.slug,
        root.slug,
    ]


def test_topic_list_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    parent = TopicFactory()
    for _ in range(60):
        topic = TopicFactory(parent=parent)
        topic.related.add(parent)
        CitationFactory(topic=topic)
    url = reverse("api:topic-list")

    # The compact list: count and page, no relation.
    with django_assert_num_queries(2):
        response = api_client.get(url, {"page_size": 100})
    assert len(response.json()["results"]) == 61

    # Expanded: then children, related, citations (with sources) prefetched.
    cache.clear()  # the total is cached from the compact list
    with django_assert_num_queries(5):
        response = api_client.get(
            url, {"page_size": 100, "expand": "children,related,citations"}
        )
    rows = response.json()["results"]
    assert len(rows) == 61
    assert sum(len(row["citations"]) for row in rows) == 60


def test_editor_creates_a_draft_topic(editor_api_client):
    parent = TopicFactory()
    response = editor_api_client.post(
        reverse("api:topic-list"),
        {
            "title": "Defense attachés",
            "slug": "defense-attaches",
            "summary": "Officers posted to embassies.",
            "parent": parent.slug,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response["ETag"]
    assert response["Location"] == "http://testserver" + topic_url("defense-attaches")
    assert type(response["Location"]) is str  # WSGI servers refuse str subclasses
    topic = Topic.objects.get(slug="defense-attaches")
    assert topic.parent == parent
    assert topic.status == PublicationStatus.DRAFT


def test_publishing_without_a_time_publishes_now(reviewer_api_client, api_client):
    topic = TopicFactory(draft=True)

    response = reviewer_api_client.patch(
        topic_url(topic.slug), {"status": "published"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert api_client.get(topic_url(topic.slug)).status_code == 200


def test_topic_cycle_is_refused_with_the_admin_message(editor_api_client):
    root = TopicFactory()
    child = TopicFactory(parent=root)

    response = editor_api_client.patch(
        topic_url(root.slug), {"parent": child.slug}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "parent": ["This parent would make a cycle: it sits below this topic."]
    }
    root.refresh_from_db()
    assert root.parent is None


def test_topic_tree_depth_is_refused_with_the_admin_message(editor_api_client):
    level2 = TopicFactory(parent=TopicFactory(parent=TopicFactory()))

    response = editor_api_client.post(
        reverse("api:topic-list"),
        {
            "title": "Too deep",
            "slug": "too-deep",
            "summary": "x",
            "parent": level2.slug,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "at most 3 levels deep" in response.json()["errors"]["parent"][0]


def test_topic_cannot_be_its_own_parent(editor_api_client):
    topic = TopicFactory()

    response = editor_api_client.patch(
        topic_url(topic.slug), {"parent": topic.slug}, format="json"
    )

    assert response.json()["errors"] == {
        "parent": ["A topic cannot be its own parent."]
    }


def test_an_editors_token_cannot_publish_but_can_submit_for_review(
    editor_api_client, api_client
):
    topic = TopicFactory(draft=True)
    url = topic_url(topic.slug)

    refused = editor_api_client.patch(url, {"status": "published"}, format="json")
    assert refused.status_code == 403
    assert "Only reviewers can publish" in refused.json()["detail"]
    scheduled = editor_api_client.patch(
        url, {"publish_at": "2030-01-01T00:00:00Z"}, format="json"
    )
    assert scheduled.status_code == 403
    topic.refresh_from_db()
    assert (topic.status, topic.publish_at) == (PublicationStatus.DRAFT, None)

    submitted = editor_api_client.patch(url, {"status": "in_review"}, format="json")
    assert submitted.status_code == 200, submitted.content
    assert api_client.get(url).status_code == 404


def test_an_editors_token_cannot_create_published_content(editor_api_client):
    response = editor_api_client.post(
        reverse("api:topic-list"),
        {
            "title": "Attachés",
            "slug": "attaches",
            "summary": "x",
            "status": "published",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Topic.objects.filter(slug="attaches").exists()


def test_an_editors_token_cannot_unpublish(editor_api_client):
    topic = TopicFactory()
    response = editor_api_client.patch(
        topic_url(topic.slug), {"status": "draft"}, format="json"
    )
    assert response.status_code == 403
    assert "Only reviewers can unpublish" in response.json()["detail"]


def test_api_status_changes_are_recorded_as_transitions(reviewer_api_client, reviewer):
    from editorial.workflow import transitions_for

    topic = TopicFactory(in_review=True)
    response = reviewer_api_client.patch(
        topic_url(topic.slug), {"status": "published"}, format="json"
    )
    assert response.status_code == 200, response.content
    [transition] = transitions_for(topic)
    assert (transition.from_status, transition.to_status, transition.by) == (
        PublicationStatus.IN_REVIEW,
        PublicationStatus.PUBLISHED,
        reviewer,
    )


# Sources


def test_source_filters_and_ordering(api_client):
    SourceFactory(
        title="Alpha", kind=SourceKind.BOOK, reliability="official", year=1990
    )
    SourceFactory(
        title="Beta", kind=SourceKind.TREATY, reliability="primary", year=1949
    )
    SourceFactory(title="Gamma", kind=SourceKind.REPORT, authors="Smith, J.", year=2020)
    url = reverse("api:source-list")

    assert slugs(api_client.get(url, {"kind": "book,treaty"})) == ["alpha", "beta"]
    assert slugs(api_client.get(url, {"reliability": "primary"})) == ["beta"]
    assert slugs(api_client.get(url, {"q": "smith"})) == ["gamma"]
    assert slugs(api_client.get(url, {"ordering": "year"})) == [
        "beta",
        "alpha",
        "gamma",
    ]


def test_source_list_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    SourceFactory.create_batch(60)

    with django_assert_num_queries(2):
        response = api_client.get(reverse("api:source-list"), {"page_size": 100})
    assert len(response.json()["results"]) == 60


def test_source_day_is_checked_like_in_the_admin(editor_api_client):
    response = editor_api_client.post(
        reverse("api:source-list"),
        {
            "title": "Treaty",
            "slug": "treaty",
            "kind": "treaty",
            "reliability": "primary",
            "year": 2023,
            "month": 2,
            "day": 30,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"day": ["February has 28 days."]}


def test_sources_export_as_bibtex_honouring_filters(api_client):
    SourceFactory(
        title="The North Atlantic Treaty {1949} & 100% of it",
        slug="north-atlantic-treaty",
        kind=SourceKind.TREATY,
        reliability=Reliability.PRIMARY,
        authors="Parties to the treaty",
        year=1949,
        month=4,
        day=4,
        url="https://www.nato.int/cps/en/natolive/official_texts_17120.htm",
    )
    SourceFactory(title="Elsewhere", kind=SourceKind.BOOK)

    response = api_client.get(
        reverse("api:source-export"), {"format": "bibtex", "kind": "treaty"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="milidip-sources.bib"'
    )
    text = response.content.decode()
    assert text.startswith("@misc{north-atlantic-treaty,\n")
    assert (
        r"title = {The North Atlantic Treaty \textbraceleft{}1949\textbraceright{}"
        r" \& 100\% of it}"
    ) in text
    assert (
        "url = {https://www.nato.int/cps/en/natolive/official_texts_17120.htm}" in text
    )
    assert "note = {Reliability: Primary document}" in text
    assert "  month = apr,\n" in text
    assert "Elsewhere" not in text


def test_sources_export_as_csl_json(api_client):
    SourceFactory(
        slug="handbook",
        kind=SourceKind.BOOK,
        authors="Smith, Jane; NATO Office of Information",
        publisher="NATO",
        year=2006,
        identifier="10.1000/xyz123",
        reliability=Reliability.AI_GENERATED,
    )

    response = api_client.get(reverse("api:source-export"), {"format": "csl-json"})

    assert response["Content-Type"] == (
        "application/vnd.citationstyles.csl+json; charset=utf-8"
    )
    [item] = json.loads(response.content)
    assert item["id"] == "handbook"
    assert item["type"] == "book"
    assert item["author"] == [
        {"family": "Smith", "given": "Jane"},
        {"literal": "NATO Office of Information"},
    ]
    assert item["issued"] == {"date-parts": [[2006]]}
    assert item["DOI"] == "10.1000/xyz123"
    assert item["note"] == "Reliability: AI-generated, unverified"


def test_sources_export_as_csv_guards_against_formulas(api_client):
    SourceFactory(title='=HYPERLINK("http://evil")', slug="evil")

    response = api_client.get(reverse("api:source-export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = response.content.decode().splitlines()
    assert header.startswith("slug,title,kind,reliability,reliability_label,")
    assert row.startswith('evil,"\'=HYPERLINK(""http://evil"")",')


# Citations


def test_citation_filters(api_client):
    topic = TopicFactory()
    case = CaseStudyFactory()
    verified = CitationFactory(topic=topic, verification="verified")
    ai = CitationFactory(
        topic=None, case_study=case, source=SourceFactory(reliability="ai_generated")
    )
    url = reverse("api:citation-list")

    def ids(params):
        return [row["id"] for row in api_client.get(url, params).json()["results"]]

    assert ids({"verification": "verified"}) == [verified.pk]
    assert ids({"reliability": "ai_generated"}) == [ai.pk]
    assert ids({"topic": topic.slug}) == [verified.pk]
    assert ids({"case_study": case.slug}) == [ai.pk]
    assert ids({"source": ai.source.slug}) == [ai.pk]


def test_citation_list_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    topic = TopicFactory()
    case = CaseStudyFactory()
    for index in range(60):
        CitationFactory(
            topic=topic if index % 2 else None, case_study=None if index % 2 else case
        )

    with django_assert_num_queries(2):
        response = api_client.get(reverse("api:citation-list"), {"page_size": 100})
    assert len(response.json()["results"]) == 60


def test_citation_needs_exactly_one_target(editor_api_client):
    source = SourceFactory()

    response = editor_api_client.post(
        reverse("api:citation-list"),
        {"source": source.slug, "claim": "Unattached."},
        format="json",
    )

    assert response.status_code == 400
    assert (
        "A citation backs exactly one topic or one case study, not neither."
        in response.json()["errors"]["non_field_errors"]
    )
    assert not Citation.objects.exists()


def test_verifying_a_citation_stamps_who_and_when(reviewer_api_client, reviewer):
    citation = CitationFactory()

    response = reviewer_api_client.patch(
        reverse("api:citation-detail", args=[citation.pk]),
        {"verification": "verified"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["verified_at"] is not None
    citation.refresh_from_db()
    assert citation.verified_by == reviewer


@pytest.mark.parametrize(
    "change",
    [
        {"verification": "verified"},
        {"verification": "disputed", "verification_note": "Wrong year."},
        {"verification_note": "Looks fine."},
    ],
)
def test_an_editors_token_cannot_verify_or_dispute_citations(editor_api_client, change):
    citation = CitationFactory()

    response = editor_api_client.patch(
        reverse("api:citation-detail", args=[citation.pk]), change, format="json"
    )

    assert response.status_code == 403
    assert "Only reviewers" in response.json()["detail"]
    citation.refresh_from_db()
    assert (citation.verification, citation.verified_by) == ("unverified", None)


def test_an_editor_may_add_an_unverified_citation_and_edit_its_claim(
    editor_api_client,
):
    citation = CitationFactory()
    response = editor_api_client.patch(
        reverse("api:citation-detail", args=[citation.pk]),
        {"claim": "A better worded claim.", "verification": "unverified"},
        format="json",
    )
    assert response.status_code == 200, response.content


def test_citations_of_drafts_stay_hidden_from_users_who_cannot_see_drafts(db):
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    CitationFactory(topic=TopicFactory(draft=True), claim="Secret draft claim")
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="change_citation"))
    client = APIClient()
    client.force_authenticate(user)

    response = client.get(reverse("api:citation-list"))

    assert response.json()["count"] == 0


@pytest.mark.parametrize("export_format", ["csv", "bibtex", "csl-json"])
def test_source_exports_run_a_fixed_number_of_queries(
    api_client, django_assert_num_queries, export_format
):
    SourceFactory.create_batch(60)

    with django_assert_num_queries(1):
        response = api_client.get(
            reverse("api:source-export"), {"format": export_format}
        )
    assert response.status_code == 200
    assert response.content.decode().count("source-") >= 60


def test_a_topic_cannot_be_made_related_to_itself(editor_api_client):
    topic = TopicFactory()
    response = editor_api_client.patch(
        topic_url(topic.slug), {"related": [topic.slug]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "related": ["A topic cannot be related to itself."]
    }
