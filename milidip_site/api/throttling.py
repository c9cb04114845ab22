"""Rate limits for anonymous and authenticated clients, and the headers announcing them.

Each client gets a counter per fixed window (a minute for ``120/min``), kept in
the cache: ``add`` creates it, ``incr`` counts the request. Both are atomic in
Redis and in the local-memory cache, so concurrent requests, in one worker or in
many sharing Redis, cannot slip past the limit the way DRF's read-modify-write
of a timestamp list lets them. Anonymous clients are told apart by
``client_address`` (a forged ``X-Forwarded-For`` does not make a new client).

If the cache cannot count (it is down), requests are let through: a rate limit
is not worth an outage.

DRF reads throttle rates into a class attribute once, at import; these throttles
read ``DEFAULT_THROTTLE_RATES`` on each request so settings changes (and tests
that lower the rates) take effect.
"""

import logging
import math

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from milidip_site.client_address import client_address

logger = logging.getLogger(__name__)


class LiveRatesMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class FixedWindowMixin:
    """Count requests per client and window with the cache's atomic ``incr``."""

    cache = cache
    count: int | None = None

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        self.count = None
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.reset_at = (window + 1) * self.duration
        count = self._increment(
            f"{self.key}_{window}", timeout=math.ceil(self.reset_at - self.now) + 1
        )
        if count is None:
            return True  # fail open
        self.count = count
        return count <= self.num_requests

    def _increment(self, key: str, timeout: int) -> int | None:
        """The window's count including this request, or None if it can't be had."""
        try:
            self.cache.add(key, 0, timeout)
            try:
                count = self.cache.incr(key)
            except ValueError:
                # The counter expired or was evicted between add and incr.
                count = 1 if self.cache.add(key, 1, timeout) else self.cache.incr(key)
        except Exception as error:
            logger.warning(
                "Rate limit not applied: the cache cannot count (%s: %s)",
                type(error).__name__,
                error,
            )
            return None
        return count if isinstance(count, int) else None

    def wait(self):
        if self.count is None:
            return None
        return max(self.reset_at - self.now, 0)


class AnonThrottle(FixedWindowMixin, LiveRatesMixin, AnonRateThrottle):
    pass


class UserThrottle(FixedWindowMixin, LiveRatesMixin, UserRateThrottle):
    pass


def rate_limit_headers(throttles) -> dict[str, str]:
    """IETF RateLimit headers for the tightest throttle that applied to the request."""
    applied = [t for t in throttles if getattr(t, "count", None) is not None]
    if not applied:
        return {}
    tightest = min(applied, key=lambda t: t.num_requests - t.count)
    remaining = max(tightest.num_requests - tightest.count, 0)
    reset = max(math.ceil(tightest.reset_at - tightest.now), 0)
    return {
        "RateLimit-Limit": str(tightest.num_requests),
        "RateLimit-Remaining": str(remaining),
        "RateLimit-Reset": str(reset),
        "RateLimit-Policy": f"{tightest.num_requests};w={tightest.duration}",
    }


def count_cached_request(request) -> tuple[bool, dict[str, str]]:
    """Count an API request answered by the page cache, as the view's throttles would.

    Returns whether it is within every limit, and the RateLimit headers to send.
    """
    from django.contrib.auth.models import AnonymousUser

    request.user = getattr(request, "user", None) or AnonymousUser()
    throttles = [cls() for cls in api_settings.DEFAULT_THROTTLE_CLASSES]
    # Every throttle counts the request, as the view's check does (no short cut).
    allowed = all([t.allow_request(request, None) for t in throttles])  # noqa: C419
    return allowed, rate_limit_headers(throttles)
