"""Rate limits: headers on every response, 429 with Retry-After past the limit."""

import pytest
from django.core.cache import cache
from rest_framework.reverse import reverse

from milidip_site.api.throttling import FixedWindowMixin

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings, monkeypatch):
    # Mid-window, so no test straddles the start of a new minute.
    monkeypatch.setattr(
        FixedWindowMixin, "timer", lambda self: 1_800_000_030.0, raising=False
    )
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    yield
    cache.clear()


def test_anonymous_client_is_told_its_limit_then_throttled(api_client, low_rates):
    url = reverse("api:source-list")
    remaining = [api_client.get(url)["RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]

    response = api_client.get(url)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["RateLimit-Limit"] == "3"
    assert response["RateLimit-Remaining"] == "0"


def test_authenticated_client_has_its_own_higher_limit(editor_api_client, low_rates):
    url = reverse("api:source-list")
    statuses = [editor_api_client.get(url).status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]
    assert editor_api_client.get(url)["RateLimit-Policy"] == "5;w=60"
