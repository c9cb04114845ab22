"""A Redis cache that fails open: when Redis is down or hung it answers as a miss.

Everything Milidip keeps in the cache can be recomputed or done without (the
API throttle counters; any page cached later), so an unreachable Redis must
cost a request at most the socket timeout, never a 500. Each operation that
meets a connection error or a timeout returns what an empty cache would:
``get`` the default, ``add``/``set``/``touch``/``delete`` False, ``incr``
a fresh count. After a failure Redis is left alone for ``retry_interval``
seconds (answering as a miss at once), so a hung server does not slow down
every request by the timeout. The outage is logged once a minute.

``ping()`` does not fail open: the readiness check uses it to report Redis.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

from milidip_site.log_once import LogOncePerInterval

logger = logging.getLogger(__name__)
outage_log = LogOncePerInterval(logger, interval=60)

REDIS_ERRORS = (ConnectionError, TimeoutError)


def _fail_open(fallback):
    """Run the cache operation; on a Redis outage return ``fallback(*args, **kw)``."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._resting():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except REDIS_ERRORS as exc:
                self._failed(exc)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _false(*args, **kwargs):
    return False


def _none(*args, **kwargs):
    return None


def _empty_dict(*args, **kwargs):
    return {}


def _all_keys(data, *args, **kwargs):
    return list(data)  # set_many's list of keys it failed to store


def _fresh_count(key, delta=1, *args, **kwargs):
    return delta


class FailOpenRedisCache(RedisCache):
    retry_interval = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._rest_until = 0.0

    def _resting(self) -> bool:
        return time.monotonic() < self._rest_until

    def _failed(self, exc: BaseException) -> None:
        with self._lock:
            self._rest_until = time.monotonic() + self.retry_interval
        outage_log.warning(
            "Redis unavailable, the cache answers as empty (throttling is off) "
            "(%s: %s)",
            type(exc).__name__,
            exc,
        )

    def ping(self) -> bool:
        """Ask Redis directly; raises if it does not answer in time."""
        return self._cache.get_client(write=True).ping()

    add = _fail_open(_false)(RedisCache.add)
    get = _fail_open(_default)(RedisCache.get)
    set = _fail_open(_none)(RedisCache.set)
    touch = _fail_open(_false)(RedisCache.touch)
    delete = _fail_open(_false)(RedisCache.delete)
    get_many = _fail_open(_empty_dict)(RedisCache.get_many)
    has_key = _fail_open(_false)(RedisCache.has_key)
    incr = _fail_open(_fresh_count)(RedisCache.incr)
    set_many = _fail_open(_all_keys)(RedisCache.set_many)
    delete_many = _fail_open(_none)(RedisCache.delete_many)
    clear = _fail_open(_false)(RedisCache.clear)
