"""Behaviour shared by every API viewset: visibility, writes with history, limits."""

import reversion
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer

from editorial.models import Publishable
from editorial.workflow import check_delete, revision_by

from .conditional import ConditionalRequestMixin
from .releases import ReleaseReadMixin
from .throttling import rate_limit_headers

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class RateLimitHeadersMixin:
    """Keep the request's throttles so the response can say where the client stands."""

    def check_throttles(self, request):
        self.applied_throttles = self.get_throttles()
        waits = [
            throttle.wait()
            for throttle in self.applied_throttles
            if not throttle.allow_request(request, self)
        ]
        if waits:
            known = [wait for wait in waits if wait is not None]
            self.throttled(request, max(known, default=None))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in rate_limit_headers(
            getattr(self, "applied_throttles", [])
        ).items():
            response[header] = value
        return response


class RevisionWritesMixin:
    """Writes run in one transaction, lock the row, and enter the admin's history."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Lock the row inside the write's transaction. OPTIONS also looks the object
        # up as if for a PUT (to describe the form), outside any transaction, where
        # PostgreSQL refuses a row lock: no lock then, nothing is written.
        if (
            self.detail
            and self.request.method in UNSAFE_METHODS
            and transaction.get_connection().in_atomic_block
        ):
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def _in_revision(self, comment: str, write, *args, **kwargs):
        with revision_by(self.request.user, comment):
            return write(*args, **kwargs)

    def create(self, request, *args, **kwargs):
        return self._in_revision("Added through the API.", super().create, request)

    def update(self, request, *args, **kwargs):
        fields = (
            ", ".join(sorted(request.data)) if hasattr(request.data, "keys") else ""
        )
        comment = (
            f"Changed {fields} through the API."
            if fields
            else "Changed through the API."
        )
        return self._in_revision(comment, super().update, request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        if isinstance(instance, Publishable):
            try:
                check_delete(user=self.request.user, instance=instance)
            except DjangoPermissionDenied as refusal:
                raise exceptions.PermissionDenied(str(refusal)) from refusal
        # Reversion only saves versions of rows that still exist when the revision
        # closes, so record the last version before deleting: the admin can then
        # recover what was deleted.
        with revision_by(self.request.user, "Deleted through the API."):
            reversion.add_to_revision(instance)
        super().perform_destroy(instance)

    def perform_create(self, serializer):
        serializer.save(**self.editor_stamp())

    def perform_update(self, serializer):
        serializer.save(**self.editor_stamp())

    def editor_stamp(self) -> dict:
        model = self.get_queryset().model
        if any(f.name == "last_edited_by" for f in model._meta.get_fields()):
            return {"last_edited_by": self.request.user}
        return {}


class MethodFirstNegotiationMixin:
    """A method the address does not take is a 405, whatever ``format`` asks for.

    OPTIONS answers with the address's description in JSON, also on an export
    address whose formats (CSV, BibTeX) cannot hold it.
    """

    def perform_content_negotiation(self, request, force=False):
        method = request.method.lower()
        handled = method in self.http_method_names and hasattr(self, method)
        if method == "options" or not handled:
            renderer = JSONRenderer()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)


class ApiModelViewSet(
    MethodFirstNegotiationMixin,
    ReleaseReadMixin,
    ConditionalRequestMixin,
    RateLimitHeadersMixin,
    RevisionWritesMixin,
    viewsets.ModelViewSet,
):
    """Read for everyone, write for editors with a token; objects found by slug."""

    lookup_field = "slug"
    # Exactly what SlugField accepts: anything else is a 404 before any query.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
