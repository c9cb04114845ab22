"""How content is published: status and publish-at, workflow steps, old slugs.

`PublishableQuerySet.published()` is the one rule that decides what the public
may see; every public path (pages, lists, counts, search, feeds, sitemap, API,
related links) goes through it. This app knows no content model: topics and
case studies build on `Publishable`.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .permissions import may_change


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


def publish_at_or_now(status: str, publish_at: datetime | None) -> datetime | None:
    """A published item with no publish-at time is published now."""
    if status == PublicationStatus.PUBLISHED and publish_at is None:
        return timezone.now()
    return publish_at


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Rows the public may see: published, with a publish-at time now or past."""
        return self.filter(
            status=PublicationStatus.PUBLISHED, publish_at__lte=timezone.now()
        )

    def drafts(self):
        """Rows not yet visible to the public, whatever the reason."""
        return self.exclude(pk__in=self.published().values("pk"))

    def visible_to(self, user):
        """Everything for staff who may change this model, else the published rows."""
        return self.all() if may_change(user, self.model) else self.published()


class Publishable(models.Model):
    """Abstract base: status, publish-at time and audit fields."""

    status = models.CharField(
        "publication status",
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            "When a published item becomes visible to readers. Leave empty to "
            "publish now; a future time schedules publication."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_by = models.DateField(
        "review by",
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            "When the content should be checked again; after this date it is "
            "flagged as stale in the verification queue."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.publish_at = publish_at_or_now(self.status, self.publish_at)
        old_public_slug = self._public_slug_in_database()
        super().save(*args, **kwargs)
        if old_public_slug is not None and old_public_slug != self.slug:
            # Readers and search engines know the old address: keep it working.
            SlugHistory.objects.record_change(self, old_public_slug)

    def clean(self):
        super().clean()
        # Before constraint validation: a published item needs its publish-at time.
        self.publish_at = publish_at_or_now(self.status, self.publish_at)

    def is_published(self) -> bool:
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = "visible to readers"

    def _public_slug_in_database(self) -> str | None:
        """The stored slug if the stored row is visible to readers, else None."""
        if self._state.adding or self.pk is None:
            return None
        return (
            type(self)
            .objects.published()
            .filter(pk=self.pk)
            .values_list("slug", flat=True)
            .first()
        )


def published_requires_publish_at(model_name: str) -> models.CheckConstraint:
    """A published row always carries the time it became (or becomes) public."""
    return models.CheckConstraint(
        condition=~models.Q(status=PublicationStatus.PUBLISHED)
        | models.Q(publish_at__isnull=False),
        name=f"{model_name}_published_has_publish_at",
    )


class Transition(models.Model):
    """One step of an item's publication workflow: who, when, what."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(max_length=16, choices=PublicationStatus.choices)
    to_status = models.CharField(max_length=16, choices=PublicationStatus.choices)
    publish_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "at"],
                name="topics_tran_content_9f78e2_idx",
            )
        ]

    def __str__(self):
        return (
            f"{self.get_from_status_display()} → {self.get_to_status_display()} "
            f"by {self.by or 'unknown'} at {self.at:%Y-%m-%d %H:%M}"
        )


class SlugHistoryManager(models.Manager):
    def record_change(self, obj, old_slug: str) -> None:
        """Point `old_slug` at `obj`; its current slug is live, so drop any entry for it."""
        content_type = ContentType.objects.get_for_model(obj)
        self.filter(content_type=content_type, old_slug=obj.slug).delete()
        self.update_or_create(
            content_type=content_type,
            old_slug=old_slug,
            defaults={"object_id": obj.pk},
        )

    def target_for(self, model, old_slug: str):
        """The id of the row that `old_slug` used to address, or None."""
        return (
            self.filter(
                content_type=ContentType.objects.get_for_model(model),
                old_slug=old_slug,
            )
            .values_list("object_id", flat=True)
            .first()
        )


class SlugHistory(models.Model):
    """An earlier slug of a published item, redirected to the current one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlugHistoryManager()

    class Meta:
        verbose_name_plural = "slug history"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slughistory_unique_old_slug"
            )
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.target}"


class NotificationPreference(models.Model):
    """Whether a user receives the workflow's emails (on unless they opt out)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_notifications = models.BooleanField(
        "email me about the workflow",
        default=True,
        help_text=(
            "Submissions awaiting review (reviewers), and your items returned to "
            "draft or published."
        ),
    )

    def __str__(self):
        state = "on" if self.email_notifications else "off"
        return f"Email notifications for {self.user}: {state}"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"


class PendingDraftManager(models.Manager):
    def for_object(self, obj):
        """The pending draft of `obj`, or None."""
        if obj is None or obj.pk is None:
            return None
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).first()


class PendingDraft(models.Model):
    """Unpublished changes to a published item, kept apart from what readers see.

    The live row (and its citations, participations, topics) stays as it was
    published; `data` holds the edited content (`editorial.drafts` captures and
    applies it). It goes live only when a reviewer publishes it, at once or at
    `publish_at`.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        "publish changes at", null=True, blank=True, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PendingDraftManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="pendingdraft_one_per_item"
            )
        ]

    def __str__(self):
        return f"Unpublished changes to {self.target}"
