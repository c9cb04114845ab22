"""Rate limits that hold: keyed on the trusted client address, counted atomically."""

import logging
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.reverse import reverse

from milidip_site.api.throttling import AnonThrottle, FixedWindowMixin

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings, monkeypatch):
    # Mid-window, so no test straddles the start of a new minute.
    monkeypatch.setattr(
        FixedWindowMixin, "timer", lambda self: 1_800_000_030.0, raising=False
    )
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/min", "user": "10/min"},
    }


def _random_ip() -> str:
    high, low = uuid.uuid4().bytes[:2]
    return f"198.18.{high}.{low}"


def test_a_new_forwarded_for_per_request_does_not_escape_the_limit(
    api_client, low_rates
):
    url = reverse("api:source-list")

    statuses = [
        api_client.get(url, HTTP_X_FORWARDED_FOR=_random_ip()).status_code
        for _ in range(8)
    ]

    assert statuses == [200] * 5 + [429] * 3


def test_behind_one_proxy_clients_are_told_apart_by_the_rightmost_address(
    api_client, low_rates, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("api:source-list")

    def get(forwarded):
        return api_client.get(url, HTTP_X_FORWARDED_FOR=forwarded).status_code

    # The left part is the client's to choose; it makes no new client.
    first = [get(f"{_random_ip()}, 198.51.100.1") for _ in range(6)]
    second = get("198.51.100.1, 198.51.100.2")

    assert first == [200] * 5 + [429]
    assert second == 200


class LaggyCache:
    """The real cache, each call a little late, as over a network to Redis."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        call = getattr(self.inner, name)

        def late(*args, **kwargs):
            time.sleep(0.002)
            return call(*args, **kwargs)

        return late


def _allowed_concurrently(throttle_class, *, requests: int) -> int:
    request = Request(RequestFactory().get("/api/v1/sources/", REMOTE_ADDR="192.0.2.1"))
    assert not request.user.is_authenticated  # resolved here, not in the threads
    barrier = threading.Barrier(requests)
    results = []

    def hit():
        throttle = throttle_class()
        throttle.cache = LaggyCache(cache)
        barrier.wait()
        results.append(throttle.allow_request(request, view=None))

    threads = [threading.Thread(target=hit) for _ in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == requests
    return sum(results)


def test_concurrent_requests_let_through_exactly_the_limit(low_rates):
    assert _allowed_concurrently(AnonThrottle, requests=40) == 5


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        return fail


class SilentCache:
    """A cache that swallows its failures, answering False/None."""

    def add(self, *args, **kwargs):
        return False

    def incr(self, *args, **kwargs):
        return None

    def get(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("broken", [BrokenCache, SilentCache])
def test_without_a_working_cache_requests_go_through(
    api_client, low_rates, monkeypatch, broken, caplog
):
    monkeypatch.setattr(FixedWindowMixin, "cache", broken())
    url = reverse("api:source-list")

    with caplog.at_level(logging.WARNING, logger="milidip_site.api.throttling"):
        responses = [api_client.get(url) for _ in range(8)]

    assert [r.status_code for r in responses] == [200] * 8
    assert "RateLimit-Remaining" not in responses[-1]
    if broken is BrokenCache:
        assert caplog.messages[0] == (
            "Rate limit not applied: the cache cannot count "
            "(ConnectionError: cache unreachable)"
        )


def test_throttled_response_says_when_to_come_back(api_client, low_rates):
    url = reverse("api:source-list")
    for _ in range(5):
        api_client.get(url)

    response = api_client.get(url)

    assert response.status_code == 429
    reset = int(response["RateLimit-Reset"])
    assert 0 < int(response["Retry-After"]) <= 60
    assert abs(int(response["Retry-After"]) - reset) <= 1
    assert response["RateLimit-Remaining"] == "0"
