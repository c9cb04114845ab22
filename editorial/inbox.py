"""What waits for whom in the workflow: the inbox on the admin index.

It works over any publishable models (the admin site passes those it has), so
this app needs to know none of them. Each list is one query per model, whatever
the number of rows.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.urls import reverse

from .models import (
    DraftStatus,
    PendingDraft,
    PublicationStatus,
    Publishable,
    Transition,
)
from .permissions import may_change, may_publish

INBOX_ROWS = 20


@dataclass
class InboxItem:
    obj: Publishable
    at: datetime | None = None
    by: object = None
    note: str = ""
    by_id: int | None = field(default=None, repr=False)
    changes: bool = False  # pending changes to a published item

    @property
    def kind(self) -> str:
        return self.obj._meta.verbose_name

    @property
    def url(self) -> str:
        opts = self.obj._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk]
        )


def _steps(model, **filters):
    """The outer row's workflow steps matching `filters`, newest first."""
    return Transition.objects.filter(
        # By name, not by a content-type lookup: the same queries whatever the
        # content-type cache holds.
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=OuterRef("pk"),
        **filters,
    ).order_by("-at", "-pk")


def _last(model, column: str, **filters) -> Subquery:
    return Subquery(_steps(model, **filters).values(column)[:1])


def awaiting_review(user, models) -> list[InboxItem]:
    """Items in review that `user` may publish, oldest submission first."""
    items = []
    for model in models:
        if not may_publish(user, model):
            continue
        # Items in review, and published items whose pending changes
        # (editorial/drafts.py) are in review: one query.
        pending = PendingDraft.objects.filter(
            # By name, not by a content-type lookup: no query whatever the cache.
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=OuterRef("pk"),
            status=DraftStatus.IN_REVIEW,
        )
        published = Q(status=PublicationStatus.PUBLISHED)
        rows = (
            model.objects.annotate(
                changes_at=Subquery(pending.values("updated_at")[:1]),
                changes_by=Subquery(pending.values("author")[:1]),
            )
            .filter(
                Q(status=PublicationStatus.IN_REVIEW)
                | (published & Q(changes_at__isnull=False))
            )
            .annotate(
                submitted_at=Case(
                    When(published, then=F("changes_at")),
                    default=_last(model, "at", to_status=PublicationStatus.IN_REVIEW),
                ),
                submitted_by=Case(
                    When(published, then=F("changes_by")),
                    default=_last(model, "by", to_status=PublicationStatus.IN_REVIEW),
                ),
            )
            .order_by("submitted_at", "pk")[:INBOX_ROWS]
        )
        items += [
            InboxItem(
                row,
                row.submitted_at,
                by_id=row.submitted_by,
                changes=row.status == PublicationStatus.PUBLISHED,
            )
            for row in rows
        ]
    items.sort(key=lambda item: (item.at is None, item.at or datetime.max))
    return _with_users(items[:INBOX_ROWS])


def drafts_of(user, models) -> list[InboxItem]:
    """Drafts `user` edited last, most recent first."""
    items = []
    for model in models:
        if not may_change(user, model):
            continue
        rows = model.objects.filter(
            status=PublicationStatus.DRAFT, last_edited_by=user
        ).order_by("-updated_at")[:INBOX_ROWS]
        items += [InboxItem(row, row.updated_at) for row in rows]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:INBOX_ROWS]


def returned_to(user, models) -> list[InboxItem]:
    """Drafts `user` had submitted that someone else returned, with the reason."""
    items = []
    for model in models:
        if not may_change(user, model):
            continue
        rows = (
            model.objects.filter(status=PublicationStatus.DRAFT)
            .annotate(
                last_from=_last(model, "from_status"),
                last_to=_last(model, "to_status"),
                last_by=_last(model, "by"),
                last_at=_last(model, "at"),
                last_note=_last(model, "note"),
                submitter=_last(model, "by", to_status=PublicationStatus.IN_REVIEW),
            )
            .filter(
                last_from=PublicationStatus.IN_REVIEW,
                last_to=PublicationStatus.DRAFT,
                submitter=user.pk,
            )
            .filter(~Q(last_by=user.pk) | Q(last_by__isnull=True))
            .order_by("-last_at")[:INBOX_ROWS]
        )
        items += [
            InboxItem(row, row.last_at, note=row.last_note, by_id=row.last_by)
            for row in rows
        ]
    items.sort(key=lambda item: item.at, reverse=True)
    return _with_users(items[:INBOX_ROWS])


def _with_users(items: list[InboxItem]) -> list[InboxItem]:
    """Attach the users the items name, in one query."""
    ids = {item.by_id for item in items if item.by_id is not None}
    users = get_user_model()._default_manager.in_bulk(ids) if ids else {}
    for item in items:
        item.by = users.get(item.by_id)
    return items


def inbox(user, models) -> dict:
    """The three lists of the admin index, and whether `user` reviews at all."""
    models = [m for m in models if issubclass(m, Publishable)]
    return {
        "reviewer": any(may_publish(user, model) for model in models),
        "awaiting_review": awaiting_review(user, models),
        "drafts": drafts_of(user, models),
        "returned": returned_to(user, models),
    }
