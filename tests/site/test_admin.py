"""The editors' admin: every page loads for an editor; others are refused."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from casestudies.models import CaseStudy
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    EditorFactory,
    ParticipationFactory,
    ReviewerFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)
from tests.helpers import inline_management
from topics.models import Citation, Topic

pytestmark = pytest.mark.django_db

MODELS = [
    ("topics", "topic", TopicFactory),
    ("topics", "source", SourceFactory),
    ("topics", "citation", CitationFactory),
    ("casestudies", "casestudy", CaseStudyFactory),
    ("casestudies", "actor", ActorFactory),
    ("casestudies", "participation", ParticipationFactory),
]
ADMIN_MODELS = [m for m in MODELS if m[1] != "participation"]  # edited inline


@pytest.mark.parametrize(("app", "model", "factory"), ADMIN_MODELS)
def test_editor_can_open_changelist_add_change_and_history(
    editor_client, app, model, factory
):
    obj = factory()
    for url in [
        reverse(f"admin:{app}_{model}_changelist"),
        reverse(f"admin:{app}_{model}_changelist") + "?q=a",
        reverse(f"admin:{app}_{model}_add"),
        reverse(f"admin:{app}_{model}_change", args=[obj.pk]),
        reverse(f"admin:{app}_{model}_history", args=[obj.pk]),
        reverse(f"admin:{app}_{model}_recoverlist"),
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize(("app", "model", "factory"), ADMIN_MODELS)
def test_staff_without_permissions_is_refused(client, app, model, factory):
    obj = factory()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 403
    assert (
        client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code
        == 403
    )


def test_non_staff_user_is_sent_to_login(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:topics_topic_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_editors_group_has_exactly_the_curation_permissions():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    expected = {
        f"{action}_{model}"
        for _, model, _ in MODELS
        for action in ("add", "change", "delete", "view")
    } | {"view_release"}  # data releases: seen by editors, made by reviewers
    assert codenames == expected


def test_reviewers_group_adds_publishing_and_verification_to_curation():
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list(
            "codename", flat=True
        )
    )
    editors = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert reviewers - editors == {
        "publish_topic",
        "publish_casestudy",
        "verify_citation",
        "add_release",
    }
    assert editors < reviewers


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_topic_added_with_a_citation_is_stamped_and_verified_only_by_a_reviewer(
    client, role
):
    user = EditorFactory() if role == "editor" else ReviewerFactory()
    client.force_login(user)
    source = SourceFactory()
    data = {
        "title": "Defence attachés",
        "slug": "defence-attaches",
        "summary": "Officers accredited to embassies.",
        "body": "Text",
        "position": "0",
        "status": "draft",
        **inline_management("citations", total=1),
        "citations-0-source": source.pk,
        "citations-0-claim": "Attachés report on host-nation forces.",
        "citations-0-locator": "Roles",
        "citations-0-quote": "",
        "citations-0-position": "0",
        "citations-0-verification": "verified",
        "citations-0-verification_note": "",
    }
    response = client.post(reverse("admin:topics_topic_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    topic = Topic.objects.get(slug="defence-attaches")
    assert topic.last_edited_by == user
    citation = topic.citations.get()
    if role == "reviewer":
        assert (citation.verification, citation.verified_by) == ("verified", user)
        assert citation.verified_at is not None
    else:  # the verification fields are read-only for editors
        assert (citation.verification, citation.verified_by) == ("unverified", None)


def test_editor_adds_a_case_study_with_actors(editor_client):
    actor = ActorFactory()
    topic = TopicFactory()
    data = {
        "title": "Dayton talks",
        "slug": "dayton-talks",
        "summary": "Proximity talks that ended the Bosnian war.",
        "body": "",
        "start_year": "1995",
        "end_year": "1995",
        "year_precision": "exact",
        "region": "europe",
        "topics": [topic.pk],
        "outcome": "success",
        "peace_duration": "substantial",
        "hostility_reduction": "substantial",
        "economic_partnership": "limited",
        "metrics_note": "",
        "status": "draft",
        **inline_management("participations", total=1),
        "participations-0-actor": actor.pk,
        "participations-0-role": "mediator",
        "participations-0-note": "",
        **inline_management("citations"),
    }
    response = editor_client.post(reverse("admin:casestudies_casestudy_add"), data)
    assert response.status_code == 302
    case = CaseStudy.objects.get(slug="dayton-talks")
    assert case.participations.get().role == "mediator"


def test_admin_form_shows_model_errors_instead_of_saving(editor_client):
    data = {
        "title": "Bad years",
        "slug": "bad-years",
        "summary": "x",
        "start_year": "2004",
        "end_year": "1995",
        "year_precision": "exact",
        "region": "europe",
        "outcome": "success",
        "peace_duration": "not_assessed",
        "hostility_reduction": "not_assessed",
        "economic_partnership": "not_assessed",
        "status": "draft",
        **inline_management("participations"),
        **inline_management("citations"),
    }
    response = editor_client.post(reverse("admin:casestudies_casestudy_add"), data)
    assert response.status_code == 200
    assert "The end year cannot be before the start year." in response.content.decode()
    assert not CaseStudy.objects.filter(slug="bad-years").exists()


def test_citation_admin_stamps_verification(reviewer_client, reviewer):
    citation = CitationFactory()
    data = {
        "source": citation.source_id,
        "topic": citation.topic_id,
        "case_study": "",
        "locator": "Intro",
        "position": "0",
        "claim": citation.claim,
        "quote": "",
        "verification": "disputed",
        "verification_note": "The seed gives the wrong year; the treaty dates from 1949.",
    }
    url = reverse("admin:topics_citation_change", args=[citation.pk])
    assert reviewer_client.post(url, data).status_code == 302
    citation = Citation.objects.get(pk=citation.pk)
    assert (citation.verification, citation.verified_by) == ("disputed", reviewer)


def test_editor_cannot_change_a_citations_verification(editor_client):
    citation = CitationFactory()
    data = {
        "source": citation.source_id,
        "topic": citation.topic_id,
        "case_study": "",
        "locator": "Intro",
        "position": "0",
        "claim": "Edited claim.",
        "quote": "",
        "verification": "verified",
        "verification_note": "",
    }
    url = reverse("admin:topics_citation_change", args=[citation.pk])
    assert editor_client.post(url, data).status_code == 302
    citation = Citation.objects.get(pk=citation.pk)
    assert citation.claim == "Edited claim."
    assert (citation.verification, citation.verified_by) == ("unverified", None)


@pytest.mark.parametrize("year", ["99999999999", "abc", "-5"])
def test_bad_date_hierarchy_values_are_refused_not_500(editor_client, year):
    url = reverse("admin:topics_topic_changelist")
    response = editor_client.get(url, {"updated_at__year": year})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_tampered_version_stamp_is_a_form_error_not_500(editor_client):
    from tests.helpers import change_form_data

    topic = TopicFactory(draft=True)
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    data = change_form_data(editor_client.get(url))
    data["loaded_updated_at"] = "2000-01-01T00:00:00+00:00"
    data["loaded_state"] = "[1]"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()


def test_admin_refuses_a_topic_related_to_itself(editor_client):
    from tests.helpers import change_form_data

    topic = TopicFactory(draft=True)
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    data = change_form_data(editor_client.get(url))
    data["related"] = [str(topic.pk)]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "A topic cannot be related to itself." in response.content.decode()
