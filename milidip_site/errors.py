"""The 500 handler: a static page (or problem) that shows the request id.

It renders without the request, so no context processor queries the database.
An error that Django routes here because the database is down (raised by the
session or another middleware, out of reach of
``DatabaseUnavailableMiddleware``) gets the same 503 as one raised by a view.
"""

import sys

from django.http import HttpResponseServerError, JsonResponse
from django.template import loader

from milidip_site.api.problems import PROBLEM_MEDIA_TYPE, problem
from milidip_site.middleware.database import (
    DATABASE_ERRORS,
    database_unavailable,
    request_id,
)


def server_error(request):
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return database_unavailable(request, exc)
    if request.path_info.startswith("/api/"):
        body = problem(
            500,
            "The server met an unexpected error; it has been logged.",
            code="server_error",
            instance=request.path,
        )
        return JsonResponse(body, status=500, content_type=PROBLEM_MEDIA_TYPE)
    html = loader.render_to_string("500.html", {"request_id": request_id(request)})
    return HttpResponseServerError(html)
