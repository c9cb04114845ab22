"""The cache the settings choose: Redis when REDIS_URL is set, else local memory."""

import os

from django.conf import settings
from django.core.cache import cache


def test_cache_backend_follows_redis_url():
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "milidip_site.cache_fallback.FailOpenRedisCache"
        assert settings.CACHES["default"]["LOCATION"] == os.environ["REDIS_URL"]
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_round_trips_and_counts_atomically():
    cache.set("milidip:probe", {"a": 1}, timeout=30)
    assert cache.get("milidip:probe") == {"a": 1}
    cache.set("milidip:counter", 0)
    assert [cache.incr("milidip:counter") for _ in range(3)] == [1, 2, 3]
    cache.delete("milidip:probe")
    assert cache.get("milidip:probe") is None
