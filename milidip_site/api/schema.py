"""OpenAPI generation: every operation documents its errors as problem details."""

import re

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions

from .problems import PROBLEM_MEDIA_TYPE, ProblemSerializer
from .releases import RELEASE_PARAMETER

ERROR_DESCRIPTIONS = {
    400: "Invalid input: unknown or malformed parameters, or values the model refuses.",
    401: "A write without a valid token (`Authorization: Token …` or `Bearer …`).",
    403: "The token's user lacks the model permission for this write.",
    404: "No such object visible to you, or a page past the end.",
    406: "None of the media types in `Accept` can be served.",
    409: "The object is still referred to (e.g. a source with citations).",
    412: "`If-Match` does not match the object's current ETag.",
    415: "The request body's media type is not supported.",
    428: "This server requires `If-Match` on writes (`DJANGO_API_REQUIRE_IF_MATCH`) "
    "and the request has none.",
    429: "Too many requests; `Retry-After` says how many seconds to wait.",
}
READ_ERRORS = [404, 406, 429]
LIST_ERRORS = [400, 404, 406, 429]
EXPORT_ERRORS = [400, 406, 429]
WRITE_ERRORS = [400, 401, 403, 404, 406, 415, 429]

RATE_LIMIT_HEADERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=True,
        description=description,
    )
    for name, description in [
        ("RateLimit-Limit", "Requests allowed in the current window."),
        ("RateLimit-Remaining", "Requests left in the current window."),
        ("RateLimit-Reset", "Seconds until the window frees a request."),
    ]
]


def comma_list_pattern(values) -> str:
    """A pattern for comma-separated values from `values`, or nothing at all."""
    # Escaped by hand: re.escape's "\-" is not valid in every regex dialect.
    choice = "|".join(re.sub(r"([.^$*+?()[\]{}|\\])", r"\\\1", str(v)) for v in values)
    return f"^(?:(?:{choice})(?:,(?:{choice}))*)?$"


def _as_comma_list(parameter: dict) -> dict:
    """An array-of-choices filter as what it is on the wire: one comma-separated string.

    ``region=`` (no filter) and ``region=europe,`` (an empty item, a 400) cannot be
    told apart as arrays; as a string with a pattern they can, exactly as the
    API's validation does. The allowed values stay listed in the description.
    """
    schema = parameter.get("schema", {})
    choices = (
        schema.get("items", {}).get("enum") if schema.get("type") == "array" else None
    )
    if not choices:
        return parameter
    parameter = {k: v for k, v in parameter.items() if k not in ("style", "explode")}
    parameter["schema"] = {"type": "string", "pattern": comma_list_pattern(choices)}
    listing = ", ".join(f"`{choice}`" for choice in choices)
    parameter["description"] = (
        f"{parameter.get('description', '')}\n\nOne or more of {listing}, "
        "comma-separated (any of them matches; `ordering` sorts by each in turn)."
    ).strip()
    return parameter


def _export_formats(view) -> list[str]:
    return [
        renderer.format for renderer in getattr(view, "export_renderer_classes", [])
    ]


class ProblemAutoSchema(AutoSchema):
    def _is_export(self) -> bool:
        return getattr(self.view, "action", None) == "export"

    def _is_compact_list(self) -> bool:
        compact = getattr(self.view, "compact_list", None)
        return bool(compact and compact())

    def get_filter_backends(self):
        # export/ takes the list's filters too.
        if self._is_export():
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()

    def _get_filter_parameters(self):
        """The filters' own help text (e.g. the year-range rules) as descriptions.

        drf-spectacular drops it for filters whose schema is declared with
        ``extend_schema_field`` (milidip_site.filters); put it back.
        """
        parameters = [_as_comma_list(p) for p in super()._get_filter_parameters()]
        filterset = getattr(self.view, "filterset_class", None)
        filters = getattr(filterset, "base_filters", {})
        for parameter in parameters:
            field = filters.get(parameter["name"])
            if field is None:
                continue
            own = str(field.extra.get("help_text") or "") or (
                f"{field.label}." if field.label else ""
            )
            if own and own.rstrip(".") not in parameter.get("description", ""):
                generic = parameter.get("description", "")
                parameter["description"] = f"{own} {generic}".strip()
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        expandable = getattr(getattr(serializer, "Meta", None), "expandable", ())
        if expandable and direction == "response":
            schema["required"] = [
                name for name in schema.get("required", []) if name not in expandable
            ]
            for name in expandable:
                field = schema["properties"].get(name)
                if field is not None:
                    field["description"] = (
                        f"{field.get('description', '')} Only with `expand={name}`."
                    ).strip()
        return schema

    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(p, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for p in self.view.get_permissions()
        )
        if (
            anonymous_reads
            and self.method in permissions.SAFE_METHODS
            and {} not in auths
        ):
            auths.append({})  # reading needs no credentials
        return auths

    def _error_statuses(self) -> list[int]:
        method = self.method.upper()
        if method in ("GET", "HEAD"):
            if self._is_export():
                return (
                    [*EXPORT_ERRORS, 404] if self._reads_releases() else EXPORT_ERRORS
                )
            if self._is_list_view():
                return LIST_ERRORS
            # A malformed ?release= or ``?version=`` is a 400 on a detail too.
            versioned = hasattr(self.view, "requested_version")
            return (
                [400, *READ_ERRORS]
                if self._reads_releases() or versioned
                else READ_ERRORS
            )
        statuses = list(WRITE_ERRORS)
        if method in ("PUT", "PATCH", "DELETE"):
            statuses += [412, 428]
        if method == "DELETE":
            statuses.append(409)
        if method == "POST" and not getattr(self.view, "detail", False):
            statuses.remove(404)  # a detail POST (changes/publish/) can be a 404
        return statuses

    def _reads_releases(self) -> bool:
        return getattr(self.view, "release_readable", False) and getattr(
            self.view, "action", None
        ) in ("list", "retrieve", "export")

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), *RATE_LIMIT_HEADERS]
        method = self.method.upper()
        if method == "GET" and self._reads_releases():
            parameters.append(RELEASE_PARAMETER)
        formats = _export_formats(self.view)
        if method == "GET" and formats and (self._is_export() or self._is_list_view()):
            offered = formats if self._is_export() else ["json", *formats]
            if not any(getattr(p, "name", None) == "format" for p in parameters):
                parameters.append(
                    OpenApiParameter(
                        "format",
                        OpenApiTypes.STR,
                        enum=offered,
                        description=(
                            f"The format, instead of an `Accept` header ({offered[0]} "
                            "by default)."
                            + (
                                ""
                                if self._is_export()
                                else " An export format gives the whole filtered "
                                "list, unpaginated, as `export/` does."
                            )
                        ),
                    )
                )
        if method == "GET" and self._is_compact_list():
            expandable = self.view.expandable()
            parameters.append(
                OpenApiParameter(
                    "expand",
                    {"type": "string", "pattern": comma_list_pattern(expandable)},
                    description=(
                        "Nested data to include in each row, comma-separated: "
                        + ", ".join(f"`{name}`" for name in expandable)
                        + ". Without it a row has summary fields and links; "
                        "the detail has everything."
                    ),
                )
            )
        if method == "GET":
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier response: 304 if unchanged.",
                )
            )
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200],
                    description="The representation's version, for If-None-Match and If-Match.",
                )
            )
        elif method in ("PUT", "PATCH", "DELETE"):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=(
                        "The ETag you last read. The write happens only if the object "
                        "has not changed since (412 otherwise). Optional by default: "
                        "without it the last write wins. A server run with "
                        "`DJANGO_API_REQUIRE_IF_MATCH=1` refuses a write without it "
                        "(428)."
                    ),
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        formats = _export_formats(self.view)
        if self.method.upper() == "GET" and formats and self._is_list_view():
            # The list in an export format is the export/ file, not a JSON page.
            content = responses.get("200", {}).get("content", {})
            for renderer in self.view.export_renderer_classes:
                if renderer.media_type in content:
                    schema = getattr(renderer, "export_schema", {"type": "string"})
                    content[renderer.media_type] = {"schema": schema}
        if self.method.upper() == "GET":
            responses.setdefault(
                "304", {"description": "Not modified since the ETag in If-None-Match."}
            )
            if self._is_export() or self._is_list_view():
                responses.setdefault(
                    "414",
                    {
                        "description": "The address (with its query) is longer than "
                        "the server takes; gunicorn's limit is 4094 bytes for the "
                        "request line. Answered by the server, not as a problem."
                    },
                )
        for status in self._error_statuses():
            responses.setdefault(
                str(status),
                self._get_response_for_code(
                    OpenApiResponse(ProblemSerializer, ERROR_DESCRIPTIONS[status]),
                    str(status),
                    media_types=[PROBLEM_MEDIA_TYPE],
                    direction=direction,
                ),
            )
        return responses
