"""The editorial workflow of topics and case studies.

draft → in review → published (now, or scheduled with a future publish-at time),
and back to draft. Editors write and submit for review; only users with the
model's `publish_<model>` permission (the Reviewers group) publish, unpublish or
schedule. Every transition is permission-checked, validated, saved in one
transaction, recorded as a `Transition` (who, when) and as a revision.

The admin and the API call `check_status_change()` before saving an edited
status, save inside `revision_by(user, comment)` so the history names the
author, and call `record_transition()` after; the named transitions below are
for buttons and actions.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import drafts
from .models import (
    DraftStatus,
    PendingDraft,
    PublicationStatus,
    Publishable,
    Transition,
)
from .notifications import notify_after_commit
from .permissions import may_add, may_change, may_publish

Status = PublicationStatus


def check_delete(*, user, instance: Publishable) -> None:
    """Deleting a published (or scheduled) item takes it from readers: reviewers only."""
    if instance.status == Status.PUBLISHED and not may_publish(user, instance):
        noun = instance._meta.verbose_name
        raise PermissionDenied(
            f"Only reviewers can delete a published {noun}; ask a reviewer to "
            "unpublish it first."
        )


def stored_state(obj: Publishable) -> tuple[str, datetime | None]:
    """The status and publish-at time in the database (a new item is a draft)."""
    if obj.pk is None:
        return Status.DRAFT, None
    row = (
        type(obj)
        ._base_manager.filter(pk=obj.pk)
        .values_list("status", "publish_at")
        .first()
    )
    return row if row is not None else (Status.DRAFT, None)


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    # Forms drop microseconds; a difference under a second is no change.
    if a is None or b is None:
        return a is b
    return abs(a - b) < timedelta(seconds=1)


def check_status_change(
    *,
    user,
    instance: Publishable,
    status: str,
    publish_at: datetime | None,
    stored: tuple[str, datetime | None] | None = None,
) -> None:
    """Refuse a change of status or publish-at time that `user` may not make.

    `instance` carries the stored state (or is new); `status` and `publish_at`
    are the requested values; `stored` overrides the state read from the
    database (a revert has already written the old version when the form runs).
    Raises PermissionDenied or ValidationError with a message meant for the
    person who asked.
    """
    noun = instance._meta.verbose_name
    if status not in Status.values:
        raise ValidationError({"status": f"Unknown publication status “{status}”."})
    old_status, old_publish_at = stored or stored_state(instance)
    if instance.pk is None:
        if not may_add(user, instance):
            raise PermissionDenied(f"You may not add a {noun}.")
    elif not may_change(user, instance):
        raise PermissionDenied(f"You may not edit this {noun}.")
    publish_at_changed = publish_at is not None and not _same_time(
        publish_at, old_publish_at
    )
    touches_publication = (
        Status.PUBLISHED in (status, old_status) and status != old_status
    ) or publish_at_changed
    if touches_publication and not may_publish(user, instance):
        if old_status == Status.PUBLISHED:
            message = (
                f"Only reviewers can unpublish or reschedule a {noun}. Edits to "
                "its text are saved as a draft of changes that readers see only "
                "once a reviewer publishes them: save without changing the "
                "status, then submit the changes for review."
            )
        else:
            message = (
                f"Only reviewers can publish or schedule a {noun}. "
                "Set the status to “In review” to submit it for review."
            )
        raise PermissionDenied(message)
    if status != Status.PUBLISHED and publish_at is not None and publish_at_changed:
        raise ValidationError(
            {"publish_at": "A publish-at time only applies to a published item."}
        )


def record_transition(
    *,
    user,
    instance: Publishable,
    from_status: str,
    from_publish_at: datetime | None = None,
    note: str = "",
) -> Transition | None:
    """Record who moved `instance` from `from_status` to its current state, and when.

    Nothing is recorded when neither the status nor the publish-at time changed.
    Submitting, returning and publishing email the people concerned once the
    transaction commits (`editorial/notifications.py`).
    """
    unchanged = from_status == instance.status and _same_time(
        from_publish_at, instance.publish_at
    )
    if unchanged and not note:
        return None
    transition = Transition.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        from_status=from_status,
        to_status=instance.status,
        publish_at=instance.publish_at,
        by=user,
        note=note[:300],
    )
    notify_after_commit(transition)
    return transition


def transitions_for(instance: Publishable):
    """The workflow history of one item, newest first."""
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).select_related("by")


@contextmanager
def revision_by(user, comment: str) -> Iterator[None]:
    """Group the writes inside into one revision that names its author."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def change_status(
    *,
    user,
    instance: Publishable,
    status: str,
    publish_at: datetime | None = None,
    note: str = "",
    comment: str,
) -> Publishable:
    """Check, validate, save and record one workflow step."""
    with revision_by(user, comment):
        locked = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
        check_status_change(
            user=user, instance=locked, status=status, publish_at=publish_at
        )
        from_status, from_publish_at = locked.status, locked.publish_at
        instance.status = status
        instance.publish_at = publish_at
        instance.last_edited_by = user
        instance.full_clean()
        instance.save()
        record_transition(
            user=user,
            instance=instance,
            from_status=from_status,
            from_publish_at=from_publish_at,
            note=note,
        )
    return instance


def _require_status(
    instance: Publishable, allowed: str, which: str, action: str
) -> None:
    if instance.status != allowed:
        noun = instance._meta.verbose_name
        raise ValidationError(
            f"Only {which} can be {action}; this {noun} is "
            f"{instance.get_status_display().lower()}."
        )


def submit_for_review(*, user, instance: Publishable) -> Publishable:
    """Draft → in review (for a published item: its pending changes)."""
    draft = changes_of(instance)
    if draft is not None:
        return _move_changes(
            user, instance, draft, DraftStatus.DRAFT, DraftStatus.IN_REVIEW
        )
    _require_status(instance, Status.DRAFT, "drafts", "submitted for review")
    return change_status(
        user=user,
        instance=instance,
        status=Status.IN_REVIEW,
        comment="Submitted for review",
    )


def submitted_by(instance: Publishable):
    """Who last submitted the item for review (None if nobody did)."""
    step = (
        transitions_for(instance)
        .filter(to_status=Status.IN_REVIEW)
        .order_by("-at", "-pk")
        .first()
    )
    return step.by if step is not None else None


def return_to_draft(*, user, instance: Publishable, note: str = "") -> Publishable:
    """In review → draft: withdrawn by its author, or sent back with a reason.

    Whoever returns someone else's submission says why; the reason is recorded
    in the transition and the history, and shown to the author.
    """
    draft = changes_of(instance)
    note = (note or "").strip()
    if draft is not None:
        if not note and draft.author is not None and draft.author != user:
            raise ValidationError(
                {
                    "note": "Say why you are returning it, so the author knows what to change."
                }
            )
        return _move_changes(
            user, instance, draft, DraftStatus.IN_REVIEW, DraftStatus.DRAFT, note
        )
    _require_status(instance, Status.IN_REVIEW, "items in review", "returned to draft")
    author = submitted_by(instance)
    if not note and author is not None and author != user:
        raise ValidationError(
            {
                "note": "Say why you are returning it, so the author knows what to change."
            }
        )
    return change_status(
        user=user,
        instance=instance,
        status=Status.DRAFT,
        note=note,
        comment=f"Returned to draft: {note}" if note else "Returned to draft",
    )


def publish(*, user, instance: Publishable, note: str = "") -> Publishable:
    """Draft, in review or scheduled → published now; or its pending changes."""
    draft = PendingDraft.objects.for_object(instance)
    if draft is not None:
        return publish_changes(user=user, instance=instance, draft=draft, note=note)
    if instance.is_published():
        raise ValidationError(
            f"This {instance._meta.verbose_name} is already published."
        )
    return change_status(
        user=user,
        instance=instance,
        status=Status.PUBLISHED,
        publish_at=timezone.now(),
        note=note,
        comment="Published",
    )


def schedule(
    *, user, instance: Publishable, publish_at: datetime, note: str = ""
) -> Publishable:
    """Publish at a future time; readers see the item from then on."""
    if publish_at is None or publish_at <= timezone.now():
        raise ValidationError(
            {"publish_at": "Pick a time in the future to schedule publication."}
        )
    draft = PendingDraft.objects.for_object(instance)
    if draft is not None and instance.is_published():
        return schedule_changes(
            user=user, instance=instance, draft=draft, publish_at=publish_at, note=note
        )
    if draft is not None:
        # Not public yet: the item goes live at that time with its changes.
        with revision_by(user, "Changes merged before scheduling"):
            _merge(user, instance, draft)
    if instance.is_published():
        raise ValidationError(
            f"This {instance._meta.verbose_name} is already public; "
            "unpublish it first to schedule it again."
        )
    return change_status(
        user=user,
        instance=instance,
        status=Status.PUBLISHED,
        publish_at=publish_at,
        note=note,
        comment=f"Scheduled for {publish_at:%Y-%m-%d %H:%M %Z}",
    )


def unpublish(*, user, instance: Publishable, note: str = "") -> Publishable:
    """Published or scheduled → draft: readers no longer see it."""
    _require_status(
        instance, Status.PUBLISHED, "published or scheduled items", "unpublished"
    )
    return change_status(
        user=user,
        instance=instance,
        status=Status.DRAFT,
        publish_at=None,
        note=note,
        comment="Unpublished",
    )


TRANSITIONS = {
    "submit_for_review": submit_for_review,
    "return_to_draft": return_to_draft,
    "publish": publish,
    "unpublish": unpublish,
}


def available_transitions(user, instance: Publishable) -> list[tuple[str, str]]:
    """(name, label) of the steps `user` may take from the item's current state."""
    if not may_change(user, instance):
        return []
    steps = []
    draft = changes_of(instance)
    if draft is not None:
        if draft.status == DraftStatus.DRAFT:
            steps.append(("submit_for_review", "Submit changes for review"))
        else:
            steps.append(("return_to_draft", "Return changes to draft…"))
        if may_publish(user, instance):
            steps.append(("publish", "Publish changes now"))
            steps.append(("schedule", "Schedule changes…"))
            steps.append(("unpublish", "Unpublish"))
        return steps
    if instance.status == Status.DRAFT:
        steps.append(("submit_for_review", "Submit for review"))
    if instance.status == Status.IN_REVIEW:
        steps.append(("return_to_draft", "Return to draft…"))
    if may_publish(user, instance):
        if not instance.is_published():
            steps.append(("publish", "Publish now"))
            steps.append(("schedule", "Schedule…"))
        if instance.status == Status.PUBLISHED:
            steps.append(("unpublish", "Unpublish"))
    return steps


# Live and draft versions: edits to a published item wait as a `PendingDraft`
# until a reviewer publishes them (see editorial/drafts.py).


def edits_are_drafts(instance: Publishable) -> bool:
    """Edits to a published (or scheduled) item are kept apart from what readers see."""
    return instance.pk is not None and stored_state(instance)[0] == Status.PUBLISHED


def changes_of(instance: Publishable) -> PendingDraft | None:
    """The pending changes of a published item, or None."""
    if instance.pk is None or instance.status != Status.PUBLISHED:
        return None
    return PendingDraft.objects.for_object(instance)


def _note_step(user, instance, note: str) -> Transition | None:
    return record_transition(
        user=user,
        instance=instance,
        from_status=instance.status,
        from_publish_at=instance.publish_at,
        note=note,
    )


def save_draft(
    *, user, instance: Publishable, data: dict, comment: str = ""
) -> PendingDraft:
    """Store `data` as the pending changes of `instance` (whose live rows stay)."""
    if not may_change(user, instance):
        raise PermissionDenied(f"You may not edit this {instance._meta.verbose_name}.")
    comment = comment or "Changes saved as a draft"
    with revision_by(user, comment):
        draft, created = PendingDraft.objects.select_for_update().get_or_create(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=instance.pk,
            defaults={"data": data, "author": user},
        )
        if not created:
            draft.data = data
            draft.author = user
            draft.version += 1
            draft.save()
        _record_draft_revision(instance, data)
        _note_step(user, instance, "Changes saved as a draft")
    return draft


def _record_draft_revision(instance: Publishable, data: dict) -> None:
    """Add the draft's content to the open revision; the live rows stay as they are.

    Reversion serializes each object when it is saved, and keeps the versions
    of rows that still exist when the revision closes.
    """
    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            drafts.apply(instance, data)
        finally:
            transaction.savepoint_rollback(savepoint)
            drafts.restore(instance)


def _move_changes(user, instance, draft, from_status, to_status, note=""):
    if draft.status != from_status:
        label = DraftStatus(draft.status).label.lower()
        raise ValidationError(f"The changes to this item are already {label}.")
    if not may_change(user, instance):
        raise PermissionDenied(f"You may not edit this {instance._meta.verbose_name}.")
    with transaction.atomic():
        draft.status = to_status
        draft.save(update_fields=["status", "updated_at"])
        label = (
            "Changes submitted for review"
            if to_status == DraftStatus.IN_REVIEW
            else "Changes returned to draft"
        )
        _note_step(user, instance, f"{label}: {note}" if note else label)
    return instance


def _merge(user, instance: Publishable, draft: PendingDraft) -> None:
    """Write the pending changes into the live rows and drop the draft."""
    type(instance)._base_manager.select_for_update().filter(pk=instance.pk).first()
    instance.last_edited_by = draft.author or user
    drafts.apply(instance, draft.data)
    draft.delete()


def publish_changes(
    *, user, instance: Publishable, draft: PendingDraft, note: str = ""
) -> Publishable:
    """A reviewer makes the pending changes of a published item live."""
    if not may_publish(user, instance):
        raise PermissionDenied(
            f"Only reviewers can publish changes to a {instance._meta.verbose_name}."
        )
    with revision_by(user, "Published changes"):
        was_live = instance.is_published()
        _merge(user, instance, draft)
        if was_live:
            _note_step(user, instance, note or "Changes published")
    if not was_live:
        return change_status(
            user=user,
            instance=instance,
            status=Status.PUBLISHED,
            publish_at=timezone.now(),
            note=note,
            comment="Published",
        )
    return instance


def schedule_changes(
    *, user, instance: Publishable, draft: PendingDraft, publish_at, note: str = ""
) -> Publishable:
    """The live version stays until `publish_at`; then `publish_scheduled` applies it."""
    if not may_publish(user, instance):
        raise PermissionDenied(
            f"Only reviewers can schedule changes to a {instance._meta.verbose_name}."
        )
    with transaction.atomic():
        draft.publish_at = publish_at
        draft.save(update_fields=["publish_at", "updated_at"])
        label = f"Changes scheduled for {publish_at:%Y-%m-%d %H:%M %Z}"
        _note_step(user, instance, f"{label}. {note}" if note else label)
    return instance


def publish_scheduled(now: datetime | None = None) -> int:
    """Apply the pending changes whose publish-at time has come; how many."""
    now = now or timezone.now()
    applied = 0
    due = PendingDraft.objects.filter(publish_at__lte=now).select_related(
        "content_type", "author"
    )
    for draft in due:
        model = draft.content_type.model_class()
        instance = model._base_manager.filter(pk=draft.object_id).first()
        if instance is None:
            draft.delete()
            continue
        if instance.status != Status.PUBLISHED:
            # Unpublished meanwhile: the changes wait for a reviewer again.
            draft.publish_at = None
            draft.save(update_fields=["publish_at", "updated_at"])
            continue
        with revision_by(None, "Published scheduled changes"):
            _merge(None, instance, draft)
            _note_step(None, instance, "Scheduled changes published")
        applied += 1
    return applied
