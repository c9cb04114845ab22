"""Preview: drafts rendered as the public page, for logged-in editors only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CaseStudyFactory, CitationFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

KINDS = [("topic", TopicFactory), ("casestudy", CaseStudyFactory)]


def _preview_url(name, obj):
    return reverse(f"preview:{name}", kwargs={"slug": obj.slug})


@pytest.mark.parametrize(("name", "factory"), KINDS)
def test_editor_previews_a_draft_as_the_public_page(editor_client, name, factory):
    item = factory(draft=True, title="Secret draft", body="Draft **body** text.")
    response = editor_client.get(_preview_url(name, item))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Secret draft" in page
    assert "Draft <strong>body</strong> text." in page
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response.context["preview"] is True


@pytest.mark.parametrize(("name", "factory"), KINDS)
def test_preview_is_never_cached_publicly_nor_indexed(editor_client, name, factory):
    response = editor_client.get(_preview_url(name, factory(draft=True)))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert "public" not in cache_control
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize(("name", "factory"), KINDS)
def test_preview_requires_login(client, name, factory):
    item = factory(draft=True)
    response = client.get(_preview_url(name, item))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("name", "factory"), KINDS)
def test_preview_requires_the_change_permission(client, name, factory):
    item = factory(draft=True, title="Secret draft")
    for user in [UserFactory(), UserFactory(is_staff=True)]:
        client.force_login(user)
        response = client.get(_preview_url(name, item))
        assert response.status_code == 403
        assert "Secret draft" not in response.content.decode()


@pytest.mark.parametrize(("name", "factory"), KINDS)
def test_the_draft_stays_hidden_at_its_public_address(client, name, factory):
    item = factory(draft=True)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_unknown_slug_in_preview_is_a_404(editor_client):
    response = editor_client.get(
        reverse("preview:topic", kwargs={"slug": "no-such-topic"})
    )
    assert response.status_code == 404


def test_public_pages_carry_no_preview_marks(client):
    topic = TopicFactory(title="Public topic")
    response = client.get(topic.get_absolute_url())
    page = response.content.decode()
    assert "Public topic" in page
    assert "Preview" not in page and "noindex" not in page
    assert "X-Robots-Tag" not in response


def test_preview_of_a_published_item_is_not_called_unpublished(editor_client):
    topic = TopicFactory()
    page = editor_client.get(_preview_url("topic", topic)).content.decode()
    assert "Preview" in page and "not published" not in page


def _preview_queries(client, topic) -> int:
    cache.clear()  # counts are cached: measure each page from scratch
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_preview_url("topic", topic)).status_code == 200
    return len(queries)


def test_preview_keeps_the_public_related_loading(editor_client):
    small, large = TopicFactory(draft=True), TopicFactory(draft=True)
    CitationFactory(topic=small)
    TopicFactory(parent=small)
    CitationFactory.create_batch(8, topic=large)
    TopicFactory.create_batch(8, parent=large)
    _preview_queries(editor_client, small)  # warm the session and permission caches
    assert _preview_queries(editor_client, large) == _preview_queries(
        editor_client, small
    )


def test_admin_change_form_links_to_the_preview(editor_client):
    topic = TopicFactory(draft=True)
    page = editor_client.get(
        reverse("admin:topics_topic_change", args=[topic.pk])
    ).content.decode()
    assert _preview_url("topic", topic) in page


def test_preview_offers_no_reference_downloads_that_would_404(editor_client):
    topic = TopicFactory(draft=True)
    html = editor_client.get(
        reverse("preview:topic", kwargs={"slug": topic.slug})
    ).content
    assert b"/cite/" not in html
    assert b"once the page is published" in html
