"""What lives in the shared cache: API rate-limit counters, visible to every app server."""

import os

import pytest
from django.core.cache import cache
from rest_framework.reverse import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min"},
    }


def test_rate_limit_counters_live_in_the_default_cache(api_client, low_rates):
    url = reverse("api:source-list")
    assert [api_client.get(url).status_code for _ in range(3)] == [200, 200, 429]

    cache.clear()

    assert api_client.get(url).status_code == 200


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_with_redis_url_the_cache_is_the_shared_redis_server():
    import redis

    cache.set("probe", "from this app server", timeout=30)
    other_server = redis.Redis.from_url(os.environ["REDIS_URL"])

    assert other_server.exists(cache.make_and_validate_key("probe"))
