"""Errors as RFC 9457 problem details, whatever raised them.

Every error under ``/api/`` has the same JSON shape (``application/problem+json``):
``type``, ``title``, ``status``, ``detail``, ``instance``, a machine-readable
``code`` and, for validation errors, ``errors`` with the messages per field.
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import DataError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from .renderers import ProblemJSONRenderer

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
VALIDATION_PROBLEM_TYPE = (
    "https://datatracker.ietf.org/doc/html/rfc9110#name-400-bad-request"
)


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = (
        "The resource changed since you fetched it (If-Match does not match its "
        "current ETag). Fetch it again and reapply your change."
    )
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "This server accepts a change only with If-Match: send the ETag you last "
        "read (GET the object, then repeat the write with If-Match: <its ETag>)."
    )
    default_code = "precondition_required"


class StillReferenced(exceptions.APIException):
    status_code = 409
    default_code = "still_referenced"

    def __init__(self, error: ProtectedError | RestrictedError):
        referring = getattr(error, "protected_objects", None) or getattr(
            error, "restricted_objects", ()
        )
        blocking = sorted({str(obj._meta.verbose_name_plural) for obj in referring})
        super().__init__(
            "This object cannot be deleted while other content refers to it"
            + (f" ({', '.join(blocking)})" if blocking else "")
            + "; remove those references first."
        )


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


class RequestRefused(exceptions.APIException):
    """A body Django will not read: too large (413), too many fields or files."""

    def __init__(self, error: SuspiciousOperation):
        self.status_code, detail, code = refusal(error)
        super().__init__(detail, code)


def problem(
    status: int, detail: str, *, code: str, instance: str = "", **extra
) -> dict:
    """The problem-details body for an error with this status."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(request, status: int, detail: str, *, code: str) -> JsonResponse:
    """A problem document for `request`, outside DRF (error pages, middleware)."""
    body = problem(status, detail, code=code, instance=request.path)
    return JsonResponse(body, status=status, content_type=PROBLEM_MEDIA_TYPE)


def _field_errors(detail) -> dict[str, list[str]]:
    """Flatten DRF's nested error detail into ``{"field.sub": [messages]}``."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            for index, item in enumerate(value):
                if item:
                    walk(f"{prefix}.{index}" if prefix else str(index), item)
        else:
            messages = value if isinstance(value, list) else [value]
            flat.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).extend(
                str(m) for m in messages
            )

    walk("", detail)
    return flat


def problem_exception_handler(exc, context):
    """DRF's exception handler, reshaped into problem details."""
    request = context.get("request")
    if isinstance(exc, OperationalError | InterfaceError):
        return None  # database down: DatabaseUnavailableMiddleware answers 503
    if isinstance(exc, DataError):
        # A value the database cannot hold, such as a NUL byte on PostgreSQL.
        exc = exceptions.ParseError(
            "The request has a value the database cannot store "
            "(a NUL character, or a number out of range)."
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = StillReferenced(exc)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):
        exc = RequestRefused(exc)
    response = exception_handler(exc, context)
    path = request.path if request is not None else ""
    if response is None:
        if settings.DEBUG:
            return None  # let Django show its debug page
        logger.exception("Unhandled error in the API at %s", path, exc_info=exc)
        response_data = problem(
            500,
            "The server met an unexpected error; it has been logged.",
            code="server_error",
            instance=path,
        )
        response = Response(response_data, status=500)
        response._has_been_logged = True  # above, with the traceback
    elif isinstance(exc, exceptions.ValidationError):
        response.data = problem(
            response.status_code,
            "The request has invalid values; see `errors` for each field.",
            code="invalid",
            instance=path,
            type=VALIDATION_PROBLEM_TYPE,
            errors=_field_errors(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        response.data = problem(
            response.status_code,
            str(detail),
            code=codes if isinstance(codes, str) else "error",
            instance=path,
        )
    response.content_type = PROBLEM_MEDIA_TYPE
    if request is not None:
        # Errors are problem+json even where the endpoint renders CSV or BibTeX.
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_MEDIA_TYPE
    return response


@csrf_exempt  # it changes nothing, so a stray cookie must not turn it into a 403
def not_found(request, *args, **kwargs):
    """Any address under /api/ that matches no endpoint."""
    return problem_response(
        request,
        404,
        "No API endpoint at this address; see /api/schema/ for the ones there are.",
        code="not_found",
    )


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, the shape of every API error."""

    type = serializers.CharField(
        help_text="A URI for the kind of problem; `about:blank` when the status says it all."
    )
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, for a human.")
    instance = serializers.CharField(
        required=False, help_text="The path of the request that failed."
    )
    code = serializers.CharField(
        help_text="A stable machine-readable code: `invalid`, `not_found`, "
        "`not_authenticated`, `permission_denied`, `throttled`, "
        "`precondition_failed`, `precondition_required`, `method_not_allowed`, …"
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For validation problems: the messages for each field "
        "(`non_field_errors` for the whole object; nested fields joined by dots).",
    )
