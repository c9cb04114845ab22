"""API tokens: hashed, expiring (django-rest-knox), managed by their owner in the admin."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import EditorFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOKENS = "/admin/knox/authtoken/"


def _draft_visible(token, keyword="Token"):
    draft = TopicFactory(draft=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")
    return client.get(reverse("api:topic-detail", args=[draft.slug]))


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "bearer"])
def test_a_token_works_with_either_keyword(keyword):
    _, token = AuthToken.objects.create(EditorFactory())
    assert _draft_visible(token, keyword).status_code == 200


def test_the_token_is_stored_only_as_a_hash():
    _, token = AuthToken.objects.create(EditorFactory())
    row = AuthToken.objects.values().get()
    assert token not in {str(value) for value in row.values()}
    assert row["digest"] != token


def test_tokens_expire_after_the_configured_days(settings):
    instance, _ = AuthToken.objects.create(EditorFactory())
    expected = timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS)
    assert abs(instance.expiry - expected) < timedelta(minutes=1)
    assert settings.API_TOKEN_TTL_DAYS == 90


def test_an_expired_token_is_refused_with_a_challenge():
    instance, token = AuthToken.objects.create(EditorFactory())
    AuthToken.objects.filter(pk=instance.pk).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )
    response = _draft_visible(token)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header", ["Token", "Bearer", "Token a b", "Token nope", "Bearer \xe9\xe9"]
)
def test_malformed_or_unknown_tokens_are_a_401(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("api:topic-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_staff_member_creates_a_token_shown_once_in_the_admin(editor_client, editor):
    add = editor_client.get(TOKENS + "add/")
    assert add.status_code == 200
    response = editor_client.post(TOKENS + "add/", {"days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(
        r'<code id="api-token">([0-9a-f]+)</code>', response.content.decode()
    )[1]
    row = AuthToken.objects.get()
    assert row.user == editor
    assert abs(row.expiry - (timezone.now() + timedelta(days=30))) < timedelta(
        minutes=1
    )
    assert _draft_visible(token).status_code == 200
    # Never shown again: not on the list, not on the token's own page.
    listing = editor_client.get(TOKENS).content.decode()
    assert row.token_key in listing
    assert token not in listing
    assert token not in editor_client.get(f"{TOKENS}{row.pk}/change/").content.decode()


def test_deleting_a_token_revokes_it(editor_client, editor):
    instance, token = AuthToken.objects.create(editor)
    response = editor_client.post(f"{TOKENS}{instance.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _draft_visible(token).status_code == 401


def test_staff_see_and_revoke_only_their_own_tokens(editor_client, editor):
    mine, _ = AuthToken.objects.create(editor)
    theirs, their_token = AuthToken.objects.create(EditorFactory())
    listing = editor_client.get(TOKENS).content.decode()
    assert mine.token_key in listing
    assert theirs.token_key not in listing
    assert editor_client.get(f"{TOKENS}{theirs.pk}/change/").status_code == 302
    editor_client.post(f"{TOKENS}{theirs.pk}/delete/", {"post": "yes"})
    assert AuthToken.objects.filter(pk=theirs.pk).exists()
    assert _draft_visible(their_token).status_code == 200


def test_a_superuser_sees_every_token(client):
    theirs, _ = AuthToken.objects.create(EditorFactory())
    client.force_login(User.objects.create_superuser("root", "r@example.org", "x"))
    assert theirs.token_key in client.get(TOKENS).content.decode()


def test_a_user_who_is_not_staff_has_no_token_admin(client):
    client.force_login(User.objects.create_user("reader"))
    assert client.get(TOKENS).status_code == 302  # to the login page


def test_create_api_token_prints_a_working_token_once():
    editor = EditorFactory()
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token", editor.username, "--days", "7", stdout=out, stderr=err
    )
    token = out.getvalue().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", token)
    assert "not shown again" in err.getvalue()
    row = AuthToken.objects.get(user=editor)
    assert abs(row.expiry - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    assert _draft_visible(token).status_code == 200


def test_create_api_token_refuses_unknown_users_and_bad_days():
    with pytest.raises(CommandError, match="No user named"):
        call_command("create_api_token", "ghost", stdout=StringIO(), stderr=StringIO())
    editor = EditorFactory()
    with pytest.raises(CommandError, match="--days"):
        call_command("create_api_token", editor.username, "--days", "0")


def test_the_openapi_schema_documents_the_token_scheme(api_client):
    response = api_client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    schema = response.json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "Authorization: Token" in scheme["description"]
    assert "Bearer" in schema["info"]["description"]
    assert "expires after 90 days" in schema["info"]["description"]
