"""API writes enter the revision history the admin shows, with their author."""

import pytest
from rest_framework.reverse import reverse
from reversion.models import Version

from casestudies.models import CaseStudy
from tests.factories import ActorFactory, CitationFactory, TopicFactory
from topics.models import Topic

pytestmark = pytest.mark.django_db


def test_api_update_is_a_revision_by_its_author(editor_api_client, editor):
    topic = TopicFactory(draft=True)

    response = editor_api_client.patch(
        reverse("api:topic-detail", kwargs={"slug": topic.slug}),
        {"title": "Retitled"},
        format="json",
    )

    assert response.status_code == 200
    version = Version.objects.get_for_object(topic).get()
    assert version.revision.user == editor
    assert version.revision.comment == "Changed title through the API."
    assert version.field_dict["title"] == "Retitled"
    topic.refresh_from_db()
    assert topic.last_edited_by == editor


def test_api_create_is_a_revision_and_appears_in_the_admin_history(
    editor_api_client, editor, editor_client
):
    actor = ActorFactory()
    response = editor_api_client.post(
        reverse("api:casestudy-list"),
        {
            "title": "Dayton talks",
            "slug": "dayton-talks",
            "summary": "Mediation at a US air base.",
            "start_year": 1995,
            "end_year": 1995,
            "region": "europe",
            "outcome": "success",
            "participants": [{"actor": actor.slug, "role": "mediator"}],
        },
        format="json",
    )
    assert response.status_code == 201
    case = CaseStudy.objects.get(slug="dayton-talks")

    version = Version.objects.get_for_object(case).get()

    assert version.revision.user == editor
    assert version.revision.comment == "Added through the API."
    history = editor_client.get(
        reverse("admin:casestudies_casestudy_history", args=[case.pk])
    )
    assert "Added through the API." in history.content.decode()


def test_api_delete_keeps_a_version_to_recover(editor_api_client, editor):
    topic = TopicFactory(draft=True)

    response = editor_api_client.delete(
        reverse("api:topic-detail", kwargs={"slug": topic.slug})
    )

    assert response.status_code == 204
    assert not Topic.objects.filter(pk=topic.pk).exists()
    version = Version.objects.get_deleted(Topic).get()
    assert version.revision.user == editor
    assert version.revision.comment == "Deleted through the API."


def test_refused_write_leaves_no_revision(reviewer_api_client):
    citation = CitationFactory()

    response = reviewer_api_client.patch(
        reverse("api:citation-detail", args=[citation.pk]),
        {"verification": "disputed"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "verification_note": ["Say what is wrong when marking a citation disputed."]
    }

    assert not Version.objects.get_for_object(citation).exists()
