"""Redis down or hung: pages, admin and API keep working; throttling fails open."""

import logging
import os
import time

import pytest
from django.core.cache import cache, caches

from milidip_site import cache_fallback
from tests.factories import TopicFactory
from tests.ops.servers import CLOSED_PORT, HUNG_PORT, HungServer, settings_json


def redis_caches(port: int) -> dict:
    """CACHES exactly as the settings build them for a REDIS_URL on this port."""
    return settings_json(["CACHES"], REDIS_URL=f"redis://127.0.0.1:{port}/0")["CACHES"]


@pytest.fixture(scope="module")
def closed_redis_caches():
    return redis_caches(CLOSED_PORT)


@pytest.fixture(scope="module")
def hung_redis_caches():
    return redis_caches(HUNG_PORT)


@pytest.fixture(autouse=True)
def _fresh_outage_log():
    cache_fallback.outage_log.reset()


@pytest.fixture
def _empty_cache():
    """Overrides tests/conftest.py's: clearing an unreachable cache is not the point."""


def _timed(client, method, path, **kwargs):
    started = time.monotonic()
    response = getattr(client, method)(path, **kwargs)
    return response, time.monotonic() - started


def _exercise_the_site(client, editor):
    TopicFactory(status="published", slug="alliances", title="Alliances")
    cases = [
        ("get", "/api/v1/topics/", {}),
        ("get", "/topics/", {}),
        ("get", "/admin/login/", {}),
    ]
    for method, path, kwargs in cases:
        response, elapsed = _timed(client, method, path, **kwargs)
        assert response.status_code == 200, (path, response.content[:300])
        assert elapsed < 2, (path, elapsed)
    # Logging in writes the session: it lives in the database, not in Redis.
    response, elapsed = _timed(
        client,
        "post",
        "/admin/login/",
        data={"username": editor.username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302, response.content[:500]
    assert elapsed < 2
    response, elapsed = _timed(client, "get", "/admin/")
    assert response.status_code == 200
    assert elapsed < 2


@pytest.mark.django_db
def test_everything_works_with_redis_refusing_connections(
    client, editor, settings, closed_redis_caches
):
    settings.CACHES = closed_redis_caches
    assert cache.get("anything", "fallback") == "fallback"
    _exercise_the_site(client, editor)


@pytest.mark.django_db
def test_everything_works_with_redis_hung(client, editor, settings, hung_redis_caches):
    settings.CACHES = hung_redis_caches
    with HungServer(lifetime=20):
        _exercise_the_site(client, editor)


@pytest.mark.django_db
def test_the_api_is_not_throttled_while_redis_is_down(
    api_client, settings, closed_redis_caches
):
    settings.CACHES = closed_redis_caches
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min"},
    }
    statuses = [api_client.get("/api/v1/topics/").status_code for _ in range(5)]
    assert statuses == [200] * 5


@pytest.mark.django_db
def test_the_outage_is_logged_once_per_interval(
    api_client, settings, caplog, closed_redis_caches
):
    settings.CACHES = closed_redis_caches
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            cache.get("a")
            cache.set("a", 1)
            assert cache.incr("counter") == 1
            cache._rest_until = 0  # try Redis again each time
    records = [r for r in caplog.records if r.name == "milidip_site.cache_fallback"]
    assert len(records) == 1
    assert "Redis unavailable" in records[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]


def test_after_a_failure_redis_is_left_alone_for_a_moment(settings, hung_redis_caches):
    settings.CACHES = hung_redis_caches
    with HungServer(lifetime=20) as server:
        started = time.monotonic()
        assert cache.get("a", "x") == "x"  # waits for the socket timeout once
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(20):
            assert cache.get("a", "x") == "x"
        rest = time.monotonic() - started
        assert len(server.connections) == 1
    assert first < 1.5
    assert rest < 0.1


def test_the_cache_works_normally_when_redis_answers():
    # The fail-open layer changes nothing while Redis is there.
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis (REDIS_URL)")
    assert type(caches["default"]) is cache_fallback.FailOpenRedisCache
    cache.set("ops:probe", {"a": 1}, timeout=30)
    assert cache.get("ops:probe") == {"a": 1}
    assert cache.add("ops:probe", 2) is False
    cache.set("ops:n", 0)
    assert cache.incr("ops:n", 2) == 2
    assert cache.ping() is True
