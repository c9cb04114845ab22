"""The site's own 400, 413 and 500 pages (``handler400``/``handler500`` in urls.py).

Django turns a request it refuses to read (a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields or files, a forged host) into
``handler400``. Too large a body is a 413, not a 400. Under ``/api/`` the answer
is a problem document like every other API error.
"""

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .api.problems import PROBLEM_MEDIA_TYPE, problem

TOO_LARGE = "The request body is larger than this site accepts."
TOO_MANY_PARTS = "The request has more fields or files than this site accepts."
UNREADABLE = "The request could not be understood."


def refusal(exception) -> tuple[int, str, str]:
    """Status, message and problem code for a request Django refused to read."""
    if isinstance(exception, RequestDataTooBig):
        return 413, TOO_LARGE, "payload_too_large"
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return 400, TOO_MANY_PARTS, "too_many_parts"
    return 400, UNREADABLE, "bad_request"


@requires_csrf_token
def bad_request(request, exception=None):
    status, detail, code = refusal(exception)
    if request.path.startswith("/api/"):
        body = problem(status, detail, code=code, instance=request.path)
        return JsonResponse(body, status=status, content_type=PROBLEM_MEDIA_TYPE)
    template = loader.get_template("400.html")
    return HttpResponse(
        template.render({"status": status, "detail": detail}), status=status
    )


@requires_csrf_token
def server_error(request):
    # Like Django's own: no context processors, which might fail in turn.
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request": request}), status=500)
