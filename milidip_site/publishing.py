"""Publication status shared by topics and case studies.

`PublishableQuerySet.published()` is the one rule that decides what the public
may see; every public path (pages, lists, counts, search, feeds, sitemap, API,
related links) goes through it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


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
        opts = self.model._meta
        if (
            user is not None
            and user.is_authenticated
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        ):
            return self.all()
        return self.published()


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

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == PublicationStatus.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)

    def is_published(self) -> bool:
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = "visible to readers"


def published_requires_publish_at(model_name: str) -> models.CheckConstraint:
    """A published row always carries the time it became (or becomes) public."""
    return models.CheckConstraint(
        condition=~models.Q(status=PublicationStatus.PUBLISHED)
        | models.Q(publish_at__isnull=False),
        name=f"{model_name}_published_has_publish_at",
    )
