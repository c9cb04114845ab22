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

from .models import PublicationStatus, Publishable, Transition
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
                f"Only reviewers can unpublish or reschedule a {noun}; "
                "ask a reviewer, or edit the text and leave the status as it is."
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
    """Draft → in review."""
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
    _require_status(instance, Status.IN_REVIEW, "items in review", "returned to draft")
    note = (note or "").strip()
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
    """Draft, in review or scheduled → published now."""
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
