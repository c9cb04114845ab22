"""Live and draft versions in the API (editorial/drafts.py).

A write (PUT or PATCH) to a published topic or case study that leaves its
status as it is becomes the item's pending changes: the live rows stay as
published, the response shows the changed item, and readers keep seeing the
published version. Staff who may change the item read the pending changes
with ``?version=draft`` and move them with ``changes/submit/`` and (reviewers)
``changes/publish/``. For anyone else ``version=draft`` is ignored: they get
the live version, the only one they may read (a value other than ``live`` or
``draft`` is a 400).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from editorial import drafts, workflow
from editorial.models import PendingDraft, PublicationStatus
from editorial.permissions import may_change

from .conditional import representation_etag

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.STR,
    enum=["live", "draft"],
    description=(
        "`live` (the default): the published version readers see. `draft`: the "
        "item's pending changes, or the item itself when it has none; only for "
        "staff who may change it. For anyone else it is ignored: they get the "
        "live version."
    ),
)

CHANGES_DESCRIPTION = (
    "A PUT or PATCH to a published item that leaves `status` as it is saves "
    "pending changes: readers keep the published version until a reviewer "
    "publishes them. The response and its ETag are those of the changed item "
    "(`?version=draft`); send that ETag as If-Match on the next write."
)


def draft_etag(draft: PendingDraft) -> str:
    """The ETag of an item's pending changes: their identity and version.

    Not a hash of the representation: citations added in pending changes have
    provisional ids until they are published.
    """
    return representation_etag(
        {"pending_changes": draft.pk, "version": draft.version}, "draft"
    )


def _refused(error):
    if isinstance(error, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(error))
    if hasattr(error, "message_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"detail": error.messages})


class PendingChangesMixin:
    """For topics and case studies: drafts of published items, and their steps."""

    def requested_version(self) -> str:
        version = self.request.query_params.get("version", "live")
        if version not in ("live", "draft"):
            raise exceptions.ValidationError({"version": ["Choose `live` or `draft`."]})
        if version == "draft" and not may_change(
            self.request.user, self.get_queryset().model
        ):
            return "live"  # the only version this client may read
        return version

    def draft_representation(self, instance) -> dict:
        """The item as its pending changes make it (the live item when none)."""
        with drafts.materialized(instance):
            fresh = self.get_queryset().get(pk=instance.pk)
            return self.get_serializer(fresh).data

    def current_etag(self, instance) -> str:
        """What If-Match is compared with: the pending changes when there are some."""
        draft = PendingDraft.objects.for_object(instance)
        if draft is not None:
            return draft_etag(draft)
        return super().current_etag(instance)

    @extend_schema(parameters=[VERSION_PARAMETER])
    def retrieve(self, request, *args, **kwargs):
        if self.requested_version() == "live":
            return super().retrieve(request, *args, **kwargs)
        instance = self.get_object()
        draft = PendingDraft.objects.for_object(instance)
        response = Response(self.draft_representation(instance))
        if draft is not None:
            response.etag = draft_etag(draft)
        return response

    def _writes_a_draft(self, instance) -> bool:
        """A write to a published item that leaves its publication as it is."""
        data = self.request.data
        if not hasattr(data, "get"):
            return False
        return (
            workflow.edits_are_drafts(instance)
            and data.get("status", PublicationStatus.PUBLISHED)
            == PublicationStatus.PUBLISHED
            and "publish_at" not in data
        )

    def update(self, request, *args, **kwargs):
        self._draft_response = None
        response = super().update(request, *args, **kwargs)
        if self._draft_response is not None:
            response.data, response.etag = self._draft_response
        return response

    def perform_update(self, serializer):
        if not self._writes_a_draft(serializer.instance):
            return super().perform_update(serializer)
        instance = serializer.instance
        live_pks = drafts.live_child_pks(instance)
        pending = PendingDraft.objects.for_object(instance)
        with transaction.atomic():
            savepoint = transaction.savepoint()
            try:
                if pending is not None:  # this write changes the pending changes
                    with drafts.quiet_revision():
                        drafts.apply(instance, pending.data)
                saved = serializer.save(**self.editor_stamp())
                data = drafts.capture(saved, live_pks)
                fresh = self.get_queryset().get(pk=instance.pk)
                representation = self.get_serializer(fresh).data
            finally:
                transaction.savepoint_rollback(savepoint)
                drafts.restore(instance)
        try:
            draft = workflow.save_draft(
                user=self.request.user, instance=instance, data=data
            )
        except DjangoPermissionDenied as refusal:
            raise _refused(refusal) from refusal
        representation["updated_at"] = serializer.fields[
            "updated_at"
        ].to_representation(draft.updated_at)
        self._draft_response = (representation, draft_etag(draft))

    def get_object(self):
        instance = super().get_object()
        if self.request.method in ("PUT", "PATCH"):
            # Validate the write against the pending changes it builds on.
            pending = PendingDraft.objects.for_object(instance)
            if pending is not None and self._writes_a_draft(instance):
                drafts.set_fields(instance, pending.data)
        return instance

    def _changes_step(self, step):
        instance = self.get_object()
        if PendingDraft.objects.for_object(instance) is None:
            raise exceptions.ValidationError(
                {"detail": ["This item has no pending changes."]}
            )
        try:
            with workflow.revision_by(self.request.user, "Through the API"):
                step(user=self.request.user, instance=instance)
        except (DjangoPermissionDenied, DjangoValidationError) as error:
            raise _refused(error) from error
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(
        summary="Submit the pending changes for review",
        request=None,
        description="The item as published; its pending changes await a reviewer.",
    )
    @action(detail=True, methods=["post"], url_path="changes/submit")
    def submit_changes(self, request, *args, **kwargs):
        return self._changes_step(workflow.submit_for_review)

    @extend_schema(
        summary="Publish the pending changes (reviewers)",
        request=None,
        description="The pending changes become the published version; the "
        "response is the item as readers now see it.",
    )
    @action(detail=True, methods=["post"], url_path="changes/publish")
    def publish_changes(self, request, *args, **kwargs):
        return self._changes_step(workflow.publish)
