"""Rate limits for anonymous and authenticated clients, and the headers announcing them.

DRF reads throttle rates into a class attribute once, at import; these throttles
read ``DEFAULT_THROTTLE_RATES`` on each request so settings changes (and tests
that lower the rates) take effect.
"""

import math

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class LiveRatesMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(LiveRatesMixin, AnonRateThrottle):
    pass


class UserThrottle(LiveRatesMixin, UserRateThrottle):
    pass


def rate_limit_headers(throttles) -> dict[str, str]:
    """IETF RateLimit headers for the tightest throttle that applied to the request."""
    applied = [t for t in throttles if getattr(t, "history", None) is not None]
    if not applied:
        return {}
    tightest = min(applied, key=lambda t: t.num_requests - len(t.history))
    remaining = max(tightest.num_requests - len(tightest.history), 0)
    oldest = tightest.history[-1] if tightest.history else tightest.now
    reset = max(math.ceil(tightest.duration - (tightest.now - oldest)), 0)
    return {
        "RateLimit-Limit": str(tightest.num_requests),
        "RateLimit-Remaining": str(remaining),
        "RateLimit-Reset": str(reset),
        "RateLimit-Policy": f"{tightest.num_requests};w={tightest.duration}",
    }
