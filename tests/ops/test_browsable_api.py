"""The browsable HTML API is served only with DEBUG on or to signed-in staff."""

import pytest
from django.urls import reverse

from tests.factories import TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


def test_an_anonymous_browser_gets_json_not_the_browsable_api(client):
    TopicFactory(title="Defence diplomacy")
    response = client.get(reverse("api:topic-list"), **HTML)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["results"][0]["title"] == "Defence diplomacy"
    assert b"<html" not in response.content


def test_a_typical_browser_accept_header_gets_json_too(client):
    response = client.get(
        reverse("api:topic-list"),
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )
    assert response["Content-Type"].startswith("application/json")


def test_a_signed_in_user_who_is_not_staff_gets_json(client):
    client.force_login(UserFactory())
    response = client.get(reverse("api:topic-list"), **HTML)
    assert response["Content-Type"].startswith("application/json")


def test_asking_for_the_browsable_format_explicitly_is_a_406_for_anonymous(client):
    response = client.get(reverse("api:topic-list"), {"format": "api"})
    assert response.status_code == 406
    assert "api" in response.json()["detail"]


def test_staff_get_the_browsable_api(editor_client):
    response = editor_client.get(reverse("api:topic-list"), **HTML)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_with_debug_on_anyone_gets_the_browsable_api(client, settings):
    settings.DEBUG = True
    response = client.get(reverse("api:topic-list"), **HTML)
    assert response["Content-Type"].startswith("text/html")


def test_an_invalid_token_is_still_a_401_for_a_browser(client):
    response = client.get(
        reverse("api:topic-list"), HTTP_AUTHORIZATION="Token nope", **HTML
    )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
