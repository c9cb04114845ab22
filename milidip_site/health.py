"""Probes for load balancers and orchestrators.

``/healthz`` says the process is up and serving: it touches nothing (no
database, cache or session), so a database outage never gets app servers
restarted. ``/readyz`` says this server can do its work: the database and the
cache answer; otherwise a 503 whose JSON names the failing part, so the load
balancer sends traffic elsewhere. Neither is throttled (they are not API views),
cached (``no-store``), redirected to HTTPS (``SECURE_REDIRECT_EXEMPT``) nor
logged as an error when not ready.

Probes must send a Host the site allows (``DJANGO_ALLOWED_HOSTS``); Django
answers 400 to any other, probes included.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from milidip_site.log_once import LogOncePerInterval

logger = logging.getLogger(__name__)
not_ready_log = LogOncePerInterval(logger, interval=60)

READY_PROBE_KEY = "milidip:readyz"


@csrf_exempt
@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


def check_database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        if not connection.in_atomic_block:
            connection.close()  # the next request reconnects
        raise


def check_cache() -> None:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()  # FailOpenRedisCache: asks Redis itself, past the fail-open layer
        return
    cache.set(READY_PROBE_KEY, "1", timeout=10)
    if cache.get(READY_PROBE_KEY) != "1":
        raise RuntimeError("the cache did not return what was stored")


CHECKS = {"database": check_database, "cache": check_cache}


@csrf_exempt
@never_cache
@require_safe
def readyz(request):
    checks, failures = {}, []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # a probe reports any failure, it never raises
            checks[name] = {"status": "failing", "error": type(exc).__name__}
            failures.append(f"{name} ({type(exc).__name__}: {str(exc).strip()})")
        else:
            checks[name] = {"status": "ok"}
    ready = not failures
    if failures:
        not_ready_log.warning("Not ready: %s failing", ", ".join(failures))
    response = JsonResponse(
        {"status": "ok" if ready else "failing", "checks": checks},
        status=200 if ready else 503,
    )
    # Reported above, once per interval; Django would log each 503 as an error.
    response._has_been_logged = True
    return response
