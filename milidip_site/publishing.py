"""Publication status shared by topics and case studies.

`PublishableQuerySet.published()` is the one rule that decides what the public
may see; every public path (pages, lists, counts, search, feeds, sitemap, API,
related links) goes through it.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


def may_change(user, model) -> bool:
    """Whether `user` may edit rows of `model` (a model class or instance)."""
    opts = model._meta
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


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

    def _citations(self):
        """Citations of the outer row, for Exists() subqueries."""
        relation = self.model._meta.get_field("citations")
        return relation.related_model.objects.filter(
            **{relation.field.name: OuterRef("pk")}
        )

    def _provenance_conditions(self) -> dict[str, Q]:
        from topics.models import Reliability, VerificationStatus

        citations = self._citations()
        # A citation stands on its own when its source is not AI-generated, or
        # when a reviewer has verified the claim anyway.
        trustworthy = citations.filter(
            ~Q(source__reliability=Reliability.AI_GENERATED)
            | Q(verification=VerificationStatus.VERIFIED)
        )
        return {
            "without_citations": ~Q(Exists(citations)),
            "backed_only_by_ai": Q(Exists(citations)) & ~Q(Exists(trustworthy)),
            "past_review_by": Q(review_by__lt=timezone.localdate()),
        }

    def without_citations(self):
        """Rows that cite no source at all."""
        return self.filter(self._provenance_conditions()["without_citations"])

    def with_provenance(self):
        """Annotate `provenance_unsourced` and `provenance_ai_only` for list rows."""
        conditions = self._provenance_conditions()
        return self.annotate(
            provenance_unsourced=ExpressionWrapper(
                conditions["without_citations"], output_field=BooleanField()
            ),
            provenance_ai_only=ExpressionWrapper(
                conditions["backed_only_by_ai"], output_field=BooleanField()
            ),
        )

    def backed_only_by_ai(self):
        """Rows whose every citation rests on an AI-generated, unverified source."""
        return self.filter(self._provenance_conditions()["backed_only_by_ai"])

    def past_review_by(self):
        """Stale rows: their review-by date has passed."""
        return self.filter(self._provenance_conditions()["past_review_by"])

    def provenance_counts(self) -> dict[str, int]:
        """How many rows each provenance problem affects, in a single query."""
        return self.aggregate(
            **{
                name: Count("pk", filter=condition)
                for name, condition in self._provenance_conditions().items()
            }
        )


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
        if self.status == PublicationStatus.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        old_public_slug = self._public_slug_in_database()
        super().save(*args, **kwargs)
        if old_public_slug is not None and old_public_slug != self.slug:
            # Readers and search engines know the old address: keep it working.
            slug_history = apps.get_model("topics", "SlugHistory")
            slug_history.objects.record_change(self, old_public_slug)

    def clean(self):
        super().clean()
        # Before constraint validation: a published item needs its publish-at time.
        if self.status == PublicationStatus.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()

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
