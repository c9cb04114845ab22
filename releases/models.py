"""A data release: an immutable, citable snapshot of everything published."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .versions import VERSION_HELP, validate_version


class ReleaseQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class Release(models.Model):
    version = models.CharField(
        max_length=32,
        unique=True,
        validators=[validate_version],
        help_text=VERSION_HELP,
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    counts = models.JSONField(default=dict, help_text="Rows per table.")
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes in the zip file.")
    sha256 = models.CharField("SHA-256 of the zip file", max_length=64)
    content_sha256 = models.CharField(
        "SHA-256 of the content",
        max_length=64,
        help_text="A hash of every row's content, whatever the file's layout.",
    )
    file = models.FileField(max_length=255)
    notes = models.TextField(
        blank=True, help_text="What this release changes, for readers."
    )
    changes = models.JSONField(
        default=dict,
        help_text="Added, changed and withdrawn rows and corrections since the previous release.",
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Release {self.version}"

    def get_absolute_url(self):
        return reverse("releases:detail", kwargs={"version": self.version})

    def get_download_url(self):
        return reverse("releases:download", kwargs={"version": self.version})

    @property
    def filename(self) -> str:
        return f"milidip-{self.version}.zip"

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())
