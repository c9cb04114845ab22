"""The site's own 400, 413 and 500 pages (``handler400``/``handler500`` in urls.py).

Django turns a request it refuses to read (a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields or files, a forged host) into
``handler400``; too large a body is a 413, not a 400. The 500 page renders
without the request, so no context processor queries the database; an error
that Django routes there because the database is down (raised by the session
or another middleware, out of reach of ``DatabaseUnavailableMiddleware``) gets
the same 503 as one raised by a view. Under ``/api/`` every answer is a
problem document like every other API error.
"""

import sys

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .api.problems import problem_response, refusal
from .middleware.database import DATABASE_ERRORS, database_unavailable, request_id


@requires_csrf_token
def bad_request(request, exception=None):
    status, detail, code = refusal(exception)
    if request.path.startswith("/api/"):
        return problem_response(request, status, detail, code=code)
    template = loader.get_template("400.html")
    return HttpResponse(
        template.render({"status": status, "detail": detail}), status=status
    )


def server_error(request):
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return database_unavailable(request, exc)
    if request.path_info.startswith("/api/"):
        return problem_response(
            request,
            500,
            "The server met an unexpected error; it has been logged.",
            code="server_error",
        )
    html = loader.render_to_string("500.html", {"request_id": request_id(request)})
    return HttpResponseServerError(html)
