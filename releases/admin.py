"""Releases in the admin: reviewers make one with *Add release*; none is ever changed."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from milidip_site.task_queue import enqueue

from .build import ReleaseRefused, check_version
from .models import Release
from .tasks import build_release


class MakeReleaseForm(forms.ModelForm):
    """A version and notes; the release is built by a background task.

    The version is checked here, so that a malformed or taken one is a form
    error; the task refuses (and logs) what was taken meanwhile.
    """

    class Meta:
        model = Release
        fields = ["version", "notes"]
        help_texts = {
            "notes": "Optional; the changes since the previous release are added "
            "to these notes automatically."
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            check_version(cleaned["version"])
        except ReleaseRefused as refusal:
            raise forms.ValidationError({"version": str(refusal)}) from refusal
        return cleaned

    def validate_unique(self):
        # check_version says so itself, clearly, when the version is taken.
        pass


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at", "total_rows", "size", "created_by"]
    readonly_fields = [
        "version",
        "created_at",
        "created_by",
        "counts",
        "size",
        "sha256",
        "content_sha256",
        "download",
        "notes",
    ]
    fields = readonly_fields
    search_fields = ["version", "notes"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = MakeReleaseForm

            class BoundForm(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, user=request.user, **kw)

            return BoundForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["version", "notes"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Nothing is saved here: the task makes the release (reading every
        # public row can take a while) once this request has committed.
        enqueue(build_release, obj.version, obj.notes, request.user.pk)

    def save_related(self, request, form, formsets, change):
        pass  # a release has no relations of its own

    def log_addition(self, request, obj, message):
        pass  # the release records who made it, when the task has made it

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            f"Release {obj.version} is being built; it is listed here and on "
            "/data/ as soon as it is ready.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:releases_release_changelist"))

    def has_change_permission(self, request, obj=None):
        return False  # a release never changes

    def has_delete_permission(self, request, obj=None):
        return False  # nor disappears: papers cite it

    @admin.display(description="File")
    def download(self, release):
        return format_html(
            '<a href="{}">{}</a>', release.get_download_url(), release.filename
        )

    @admin.display(description="rows")
    def total_rows(self, release):
        return release.total_rows
