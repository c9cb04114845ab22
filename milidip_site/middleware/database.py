"""While the database is unreachable, hung or restarting: a 503, never a 500 or a hang.

``DatabaseUnavailableMiddleware`` turns a connection error or a cancelled
statement (``OperationalError``, ``InterfaceError``; psycopg's and sqlite3's
errors arrive wrapped in these) raised by a view into a 503 with
``Retry-After``: a static page for readers, an RFC 9457 problem under
``/api/``. Errors raised by other middleware after the view (the session
middleware saving a session, the old-slug lookup on a 404) never reach a
middleware; Django hands them to ``handler500``, which is
``milidip_site.errors.server_error`` and answers the same 503 for them.

The 503 renders without touching the database (no context processors, no user)
and closes the broken connection, so the next request connects afresh and the
site recovers by itself when the database returns. The outage is logged once a
minute, not as a traceback per request.
"""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control

from milidip_site.api.problems import problem_response
from milidip_site.log_once import LogOncePerInterval

logger = logging.getLogger(__name__)
outage_log = LogOncePerInterval(logger, interval=60)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def request_id(request) -> str:
    return getattr(request, "request_id", "")


def close_broken_connections() -> None:
    """Drop the connections that failed, so the next request opens new ones."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # an enclosing transaction (a test's) owns the connection
        try:
            connection.close()
        except DATABASE_ERRORS:
            pass


def database_unavailable(request, exc: BaseException) -> HttpResponse:
    """The 503 for a request that met a database outage."""
    outage_log.warning(
        "Database unavailable, answering 503 (%s: %s)",
        type(exc).__name__,
        str(exc).strip(),
    )
    close_broken_connections()
    if request.path_info.startswith("/api/"):
        response = problem_response(
            request,
            503,
            "The database is unavailable; try again in a moment.",
            code="database_unavailable",
        )
    else:
        # No request passed: no context processors run, so nothing queries.
        html = loader.render_to_string("503.html", {"request_id": request_id(request)})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    # Already reported above, once per interval; Django would log every 503.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None
