"""Admin logins are throttled per account and per address (django-axes)."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


def _login(client, username, password, address="203.0.113.7", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def _without_csrf(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def _fail(client, username, times, address="203.0.113.7"):
    for _ in range(times):
        _login(client, username, "wrong password", address)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_account_is_locked_after_the_failure_limit_even_with_the_right_password():
    editor = EditorFactory()
    client = Client()
    _fail(client, editor.username, 3)
    response = _login(client, editor.username, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login temporarily blocked" in page
    assert "too many failed logins" in page
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_account_is_locked_from_another_address_too():
    editor = EditorFactory()
    _fail(Client(), editor.username, 3, address="203.0.113.7")
    response = _login(Client(), editor.username, PASSWORD, address="198.51.100.9")
    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_address_is_locked_whatever_user_names_it_tries():
    editor = EditorFactory()
    client = Client()
    for name in ["alice", "bob", "carol"]:
        _login(client, name, "guess")
    response = _login(client, editor.username, PASSWORD)
    assert response.status_code == 429
    # Another address may still log in to that account.
    assert (
        _login(Client(), editor.username, PASSWORD, "198.51.100.9").status_code == 302
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_known_and_unknown_user_names_get_the_same_answers():
    editor = EditorFactory()
    answers = {}
    for name, address in [(editor.username, "192.0.2.1"), ("nobody-here", "192.0.2.2")]:
        client = Client()
        responses = [_login(client, name, "wrong password", address) for _ in range(4)]
        answers[name] = [
            (r.status_code, _without_csrf(r.content.decode()).replace(name, "NAME"))
            for r in responses
        ]
    assert answers[editor.username] == answers["nobody-here"]
    assert [status for status, _ in answers["nobody-here"]] == [200, 200, 429, 429]


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=15))
def test_the_lockout_ends_by_itself_after_the_cool_off_time():
    editor = EditorFactory()
    _fail(Client(), editor.username, 2)
    assert _login(Client(), editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(Client(), editor.username, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_axes_reset_lifts_a_lockout():
    editor = EditorFactory()
    _fail(Client(), editor.username, 2)
    assert _login(Client(), editor.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", editor.username)
    assert _login(Client(), editor.username, PASSWORD).status_code == 302


def test_a_successful_login_still_works_and_clears_earlier_failures():
    editor = EditorFactory()
    client = Client()
    _fail(client, editor.username, 2)
    assert _login(client, editor.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=editor.username).exists()


def test_the_production_limits_come_from_the_environment():
    import milidip_site.settings as production

    assert production.AXES_ENABLED is True
    assert production.AXES_FAILURE_LIMIT == 5
    assert production.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert production.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


@override_settings(AXES_FAILURE_LIMIT=2, TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_is_the_one_locked():
    editor = EditorFactory()
    for _ in range(2):
        _login(Client(), "x", "y", "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.50")
    locked = _login(
        Client(),
        editor.username,
        PASSWORD,
        "10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert locked.status_code == 429
    other = _login(
        Client(),
        editor.username,
        PASSWORD,
        "10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.51",
    )
    assert other.status_code == 302
