"""Releases in the admin: reviewers make one with *Add release*; none is ever changed."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from .build import ReleaseRefused, make_release
from .models import Release


class MakeReleaseForm(forms.ModelForm):
    """A version and notes; a valid form has made the release.

    The release is built while the form is checked, so that a refusal (a
    version taken meanwhile, a storage error) is a form error and nothing is
    saved, rather than an error after the admin thinks it saved.
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
        self.release = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.release = make_release(
                cleaned["version"], notes=cleaned.get("notes", ""), user=self.user
            )
        except ReleaseRefused as refusal:
            raise forms.ValidationError({"version": str(refusal)}) from refusal
        return cleaned

    def validate_unique(self):
        # make_release says so itself, clearly, when the version is taken.
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
        # The form made the release; the admin goes on with the saved row.
        obj.__dict__.update(form.release.__dict__)

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
