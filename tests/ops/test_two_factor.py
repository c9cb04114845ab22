"""Two-factor login: optional for staff, required of reviewers with DJANGO_REQUIRE_2FA."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import EditorFactory, ReviewerFactory, TopicFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
REQUIRED = override_settings(REQUIRE_2FA=True)


def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _login(client, user, code=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {
            "username": user.username,
            "password": PASSWORD,
            "otp_token": code,
            "next": "/admin/",
        },
    )


@REQUIRED
def test_a_reviewer_without_a_device_is_refused_and_sent_to_set_one_up():
    client = Client()
    assert _login(client, ReviewerFactory()).status_code == 302
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/two-factor/"
    page = response.content.decode()
    assert "Two-factor login is required for reviewers" in page
    assert "<svg" in page  # the QR code
    assert re.search(r'<code id="otp-key">[A-Z2-7]{32}</code>', page)
    # Nothing else of the admin is reachable meanwhile.
    assert client.get("/admin/topics/topic/").status_code == 302
    # Nor does the session count for the API: a draft stays hidden.
    draft = TopicFactory(draft=True)
    api = client.get(reverse("api:topic-detail", args=[draft.slug]))
    assert api.status_code == 404


@REQUIRED
def test_a_reviewer_sets_up_an_app_and_is_then_let_in():
    reviewer = ReviewerFactory()
    client = Client()
    _login(client, reviewer)
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=reviewer)
    assert not device.confirmed

    wrong = client.post(
        "/admin/two-factor/",
        {"otp_token": "000000" if _code(device) != "000000" else "111111"},
    )
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    response = client.post("/admin/two-factor/", {"otp_token": _code(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


@REQUIRED
def test_a_reviewer_with_an_app_logs_in_only_with_a_correct_code():
    reviewer = ReviewerFactory()
    device = TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)

    without = _login(Client(), reviewer)
    assert without.status_code == 200
    assert (
        "Enter the 6-digit code from your authenticator app."
        in without.content.decode()
    )

    wrong = _login(
        Client(), reviewer, "123456" if _code(device) != "123456" else "654321"
    )
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    client = Client()
    assert _login(client, reviewer, _code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/topics/topic/").status_code == 200


@REQUIRED
def test_superusers_need_the_second_factor_too():
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD, "next": "/admin/"}
    )
    assert client.get("/admin/").status_code == 302


@REQUIRED
def test_editors_are_not_affected(editor):
    client = Client()
    assert _login(client, editor).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_a_reviewer_logs_in_with_a_password_only():
    client = Client()
    assert _login(client, ReviewerFactory()).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_any_staff_member_may_set_up_an_app_and_is_then_asked_for_its_code():
    editor = EditorFactory()
    client = Client()
    _login(client, editor)
    page = client.get("/admin/two-factor/").content.decode()
    assert "<svg" in page and "is required" not in page
    device = TOTPDevice.objects.get(user=editor)
    client.post("/admin/two-factor/", {"otp_token": _code(device)})
    assert TOTPDevice.objects.get(user=editor).confirmed
    page = client.get("/admin/two-factor/").content.decode()
    assert "Two-factor login is set up (" in page
    assert _login(Client(), editor).status_code == 200  # a code is now needed


def test_the_set_up_page_needs_a_staff_login(client):
    response = client.get("/admin/two-factor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
