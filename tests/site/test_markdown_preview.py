"""The admin's Markdown preview: the site's renderer, sanitized, for editors only."""

import pytest
from django.test import Client
from django.urls import reverse

from milidip_site.markdown_preview import MAX_PREVIEW_CHARS
from tests.factories import CaseStudyFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:markdown_preview")


def test_an_editor_gets_the_rendered_text(editor_client):
    response = editor_client.post(URL, {"text": "## Dayton\n\n*Signed* in **1995**."})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "<h2>Dayton</h2>" in html
    assert "<em>Signed</em> in <strong>1995</strong>." in html
    assert "no-store" in response["Cache-Control"]


def test_the_preview_is_sanitized(editor_client):
    text = (
        "<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) "
        '<a href="https://example.org" onclick="alert(4)">ok</a>'
    )
    html = editor_client.post(URL, {"text": text}).content.decode()
    for dangerous in ["<script", "onerror", "javascript:", "onclick", "<img"]:
        assert dangerous not in html
    assert 'href="https://example.org"' in html


def test_too_long_a_text_is_a_400_with_a_message(editor_client):
    response = editor_client.post(URL, {"text": "x" * (MAX_PREVIEW_CHARS + 1)})
    assert response.status_code == 400
    assert "too long to preview" in response.content.decode()
    ok = editor_client.post(URL, {"text": "x" * MAX_PREVIEW_CHARS})
    assert ok.status_code == 200


def test_only_post(editor_client):
    assert editor_client.get(URL).status_code == 405


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.post(URL, {"text": "hi"})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_who_may_edit_nothing_are_refused(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.post(URL, {"text": "hi"}).status_code == 403


def test_a_post_without_the_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(URL, {"text": "hi"}).status_code == 403


@pytest.mark.parametrize("factory", [TopicFactory, CaseStudyFactory])
def test_the_body_field_has_the_preview_beside_it(editor_client, factory):
    item = factory()
    opts = item._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    page = editor_client.get(url).content.decode()
    assert f'data-markdown-preview="{URL}"' in page
    editor = page.split('class="markdown-editor"')[1].split('class="markdown-preview"')[
        0
    ]
    assert 'name="body"' in editor
    assert "js/markdown-preview.js" in page and "css/markdown-preview.css" in page
    # The page keeps its own save path: the preview button submits nothing.
    assert '<button type="button" class="button markdown-preview-button"' in page
