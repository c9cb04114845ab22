"""Proposed slugs keep dashes as word breaks; recovering says "recovered"."""

import pytest
from django.urls import reverse
from reversion.models import Version

from editorial.slugs import slug_from_title
from tests.factories import CitationFactory, TopicFactory
from tests.helpers import change_form_data
from topics.models import Topic


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "NATO Baltic Air Policing (2004–ongoing)",
            "nato-baltic-air-policing-2004-ongoing",
        ),
        ("Cold War—détente", "cold-war-detente"),
        ("U.S.–Japan alliance", "us-japan-alliance"),
        ("Peace and/or war", "peace-and-or-war"),
        ("Minus −5 years", "minus-5-years"),
        ("  Côte d'Ivoire: UNOCI  ", "cote-divoire-unoci"),
        ("", ""),
    ],
)
def test_slug_from_title_turns_dashes_into_hyphens(title, slug):
    assert slug_from_title(title) == slug


def test_slug_from_title_respects_the_length_without_a_trailing_hyphen():
    assert slug_from_title("Abc – def", max_length=4) == "abc"


@pytest.mark.django_db
def test_the_admin_loads_the_slug_script_after_urlify(editor_client):
    page = editor_client.get(reverse("admin:topics_topic_add")).content.decode()
    urlify = page.index("admin/js/urlify.js")
    assert page.index("js/admin-slugs.js") > urlify


@pytest.mark.django_db
def test_recovering_a_deleted_topic_says_recovered(reviewer_client):
    topic = TopicFactory(title="Attachés", draft=True)
    CitationFactory(topic=topic, claim="Attachés are accredited.")
    delete = reverse("admin:topics_topic_delete", args=[topic.pk])
    assert reviewer_client.post(delete, {"post": "yes"}).status_code == 302

    deleted = Version.objects.get_deleted(Topic).get()
    url = reverse("admin:topics_topic_recover", args=[deleted.pk])
    response = reviewer_client.post(
        url, change_form_data(reviewer_client.get(url)), follow=True
    )
    page = response.content.decode()
    assert "The topic “Attachés” was recovered." in page
    assert "changed successfully" not in page
    recovered = Topic.objects.get(title="Attachés")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:topics_topic_change", args=[recovered.pk]
    )
    assert recovered.citations.get().claim == "Attachés are accredited."
    latest = Version.objects.get_for_object(recovered).first()
    assert latest.revision.comment.startswith("Recovered after deletion")


@pytest.mark.django_db
def test_an_ordinary_save_still_says_changed(editor_client):
    topic = TopicFactory(draft=True)
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    response = editor_client.post(
        url, change_form_data(editor_client.get(url)), follow=True
    )
    assert "was changed successfully" in response.content.decode()
