"""/healthz (the process is up) and /readyz (database and cache answer)."""

import logging
from unittest import mock

import pytest
from django.test import Client

from milidip_site import health
from tests.ops.test_database_unavailable import database_down


@pytest.fixture(autouse=True)
def _fresh_log():
    health.not_ready_log.reset()


@pytest.fixture
def cache_raises(settings):
    """Any use of the (local-memory) cache fails."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.get") as get:
        get.side_effect = ConnectionError("cache down")
        with mock.patch(
            "django.core.cache.backends.locmem.LocMemCache.set",
            side_effect=get.side_effect,
        ):
            yield


def test_healthz_touches_no_database_cache_or_session(client, cache_raises):
    # No django_db mark: any query would raise ("Database access not allowed").
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"status": "ok"}, "cache": {"status": "ok"}},
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_fails(caplog):
    with caplog.at_level(logging.INFO), database_down():
        response = Client(raise_request_exception=False).get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["database"] == {
        "status": "failing",
        "error": "OperationalError",
    }
    assert body["checks"]["cache"] == {"status": "ok"}
    # A warning from the probe, not an error per probe from Django.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in caplog.records if r.name == "milidip_site.health"]


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_fails(client, cache_raises):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": {"status": "ok"},
        "cache": {"status": "failing", "error": "ConnectionError"},
    }


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_redis(client, settings):
    from tests.ops.servers import CLOSED_PORT
    from tests.ops.test_redis_down import redis_caches

    settings.CACHES = redis_caches(CLOSED_PORT)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "failing"


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_production_settings_exempt_the_probes_from_the_https_redirect():
    from tests.ops.servers import settings_json

    exempt = settings_json(
        ["SECURE_REDIRECT_EXEMPT"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-key-" + "k7Qz9" * 12,
    )["SECURE_REDIRECT_EXEMPT"]
    assert exempt == [r"^healthz$", r"^readyz$"]


@pytest.mark.django_db
def test_probes_are_not_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "1/min"},
    }
    assert [client.get("/readyz").status_code for _ in range(3)] == [200] * 3
    assert [client.get("/healthz").status_code for _ in range(3)] == [200] * 3


def test_probes_must_send_an_allowed_host(client, settings):
    settings.ALLOWED_HOSTS = ["milidip.example.org"]
    assert client.get("/healthz", HTTP_HOST="milidip.example.org").status_code == 200
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 400
