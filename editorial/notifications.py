"""Emails about the workflow: submitted for review, returned to draft, published.

`record_transition()` calls `notify_after_commit()`, which picks the event from
the (from, to) statuses and queues its email once the transaction commits, so a
rolled-back step mails nobody. Each `notify_*` function takes the transition's
id only (it can run later, elsewhere) and never raises: a mail server that is
down or slow (EMAIL_TIMEOUT) is logged, and the step it reports stays done.
Users who switched notifications off, inactive users and users without an email
address are skipped, and nobody is told about a step they took themself.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from reversion.models import Version

from milidip_site.task_queue import enqueue, milidip_task

from .models import NotificationPreference, PublicationStatus, Transition

logger = logging.getLogger("milidip.notifications")

Status = PublicationStatus
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# Which transitions are worth an email.


def event_for(from_status: str, to_status: str) -> str | None:
    if to_status == Status.IN_REVIEW and from_status != Status.IN_REVIEW:
        return "submitted"
    if from_status == Status.IN_REVIEW and to_status == Status.DRAFT:
        return "returned"
    if to_status == Status.PUBLISHED and from_status != Status.PUBLISHED:
        return "published"
    return None


def notify_after_commit(transition: Transition) -> None:
    """Queue the email the transition calls for, if any, once the step commits.

    It is sent by a background task (`editorial.tasks`); queuing never breaks
    the step.
    """
    event = event_for(transition.from_status, transition.to_status)
    if event in NOTIFIERS:
        enqueue(send_workflow_email, event, transition.pk)


# Who receives them.


def wants_email(user) -> bool:
    if user is None or not user.is_active or not user.email:
        return False
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.email_notifications


def reviewers_of(model):
    """Active users who may publish `model`: the Reviewers group, in practice."""
    opts = model._meta
    return (
        get_user_model()
        .objects.with_perm(
            f"{opts.app_label}.publish_{opts.model_name}",
            include_superusers=False,
            backend=MODEL_BACKEND,
        )
        .filter(is_active=True)
        .exclude(email="")
        .exclude(notification_preference__email_notifications=False)
        .order_by("pk")
    )


def author_of(transition: Transition):
    """Who submitted the item for review before this step, else its last other editor."""
    submission = (
        Transition.objects.filter(
            content_type_id=transition.content_type_id,
            object_id=transition.object_id,
            to_status=Status.IN_REVIEW,
            pk__lt=transition.pk,
        )
        .exclude(by=None)
        .select_related("by")
        .order_by("-pk")
        .first()
    )
    if submission is not None:
        return submission.by
    version = (
        Version.objects.get_for_object_reference(
            transition.content_type.model_class(), transition.object_id
        )
        .filter(revision__date_created__lte=transition.at)
        .exclude(revision__user=None)
        .exclude(revision__user=transition.by_id)
        .select_related("revision__user")
        .first()
    )
    return version.revision.user if version is not None else None


# The messages.


def _name(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def _absolute(path: str) -> str:
    return settings.MILIDIP_SITE_URL.rstrip("/") + path


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def _change_url(transition: Transition) -> str:
    ct = transition.content_type
    try:
        return _absolute(
            reverse(
                f"admin:{ct.app_label}_{ct.model}_change", args=[transition.object_id]
            )
        )
    except NoReverseMatch:
        return _absolute(reverse("admin:index"))


def _footer() -> str:
    return (
        "\n\n-- \nYou receive this because of your part in the editorial workflow. "
        "To stop these emails, switch them off on "
        f"{_absolute(reverse('admin:notification_settings'))}"
    )


def _load(transition_id: int):
    """The transition and its item, or (None, None) if either is gone."""
    transition = (
        Transition.objects.select_related("by", "content_type")
        .filter(pk=transition_id)
        .first()
    )
    if transition is None:
        return None, None
    model = transition.content_type.model_class()
    item = (
        model._base_manager.filter(pk=transition.object_id).first() if model else None
    )
    return (transition, item) if item is not None else (None, None)


def _send(messages: list[EmailMessage], event: str, transition_id: int) -> int:
    """Send, and log rather than raise if the mail server fails."""
    if not messages:
        return 0
    try:
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        return connection.send_messages(messages) or 0
    except Exception:
        logger.exception(
            "Could not send the %r notification of transition %s to %d recipient(s)",
            event,
            transition_id,
            len(messages),
        )
        return 0


def _message(subject: str, body: str, to) -> EmailMessage:
    prefix = f"[{settings.SITE_NAME}] "
    return EmailMessage(subject=prefix + subject, body=body + _footer(), to=[to.email])


def notify_submitted(transition_id: int) -> int:
    """Tell every reviewer that an item awaits review. Returns the mails sent."""
    try:
        transition, item = _load(transition_id)
        if transition is None:
            return 0
        noun = item._meta.verbose_name
        body = (
            f"{_name(transition.by)} submitted the {noun} “{item}” for review "
            f"on {_when(transition.at)}.\n\nReview it: {_change_url(transition)}"
        )
        messages = [
            _message(f"In review: {item}", body, reviewer)
            for reviewer in reviewers_of(type(item))
            if reviewer.pk != transition.by_id
        ]
    except Exception:
        logger.exception("Could not prepare the notification of %s", transition_id)
        return 0
    return _send(messages, "submitted", transition_id)


def _notify_author(transition_id: int, event: str, compose) -> int:
    try:
        transition, item = _load(transition_id)
        if transition is None:
            return 0
        author = author_of(transition)
        if author is None or author.pk == transition.by_id or not wants_email(author):
            return 0
        subject, body = compose(transition, item)
        messages = [_message(subject, body, author)]
    except Exception:
        logger.exception("Could not prepare the notification of %s", transition_id)
        return 0
    return _send(messages, event, transition_id)


def _returned(transition, item):
    noun = item._meta.verbose_name
    reason = transition.note or "(no reason given)"
    body = (
        f"{_name(transition.by)} returned your {noun} “{item}” to draft on "
        f"{_when(transition.at)}.\n\nReason: {reason}\n\n"
        f"Edit it: {_change_url(transition)}"
    )
    return f"Returned to draft: {item}", body


def _published(transition, item):
    noun = item._meta.verbose_name
    public_at = transition.publish_at or transition.at
    if public_at > transition.at:
        what = f"scheduled your {noun} “{item}” for publication"
        visible = f"Readers will see it from {_when(public_at)}."
        subject = f"Scheduled: {item}"
    else:
        what = f"published your {noun} “{item}”"
        visible = "Readers can see it now."
        subject = f"Published: {item}"
    body = f"{_name(transition.by)} {what} on {_when(transition.at)}. {visible}"
    if transition.note:
        body += f"\n\nNote: {transition.note}"
    body += f"\n\n{_change_url(transition)}"
    return subject, body


def notify_returned(transition_id: int) -> int:
    """Tell the author why their item came back to draft."""
    return _notify_author(transition_id, "returned", _returned)


def notify_published(transition_id: int) -> int:
    """Tell the author their item is published (or scheduled)."""
    return _notify_author(transition_id, "published", _published)


NOTIFIERS = {
    "submitted": notify_submitted,
    "returned": notify_returned,
    "published": notify_published,
}


@milidip_task(name="editorial.send_workflow_email")
def send_workflow_email(event: str, transition_id: int) -> int:
    """Send the email of `event` about a transition; how many were sent.

    Run by a worker so that no step waits for a mail server; safe to retry, as
    the notify functions log a failure and never raise.
    """
    return NOTIFIERS[event](transition_id)
