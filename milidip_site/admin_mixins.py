"""Admin behaviour shared by the topic and case-study admins."""

from django.contrib import admin
from django.utils import timezone
from reversion_compare.admin import CompareVersionAdmin

from topics.models import Citation, VerificationStatus


class EditorStampMixin:
    """Record who last edited a publishable item."""

    def save_model(self, request, obj, form, change):
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)


class PublishableAdmin(EditorStampMixin, CompareVersionAdmin):
    """Revision history with diffs, plus the publication columns every editor needs."""

    list_select_related = ["last_edited_by"]
    readonly_fields = ["created_at", "updated_at", "last_edited_by"]
    date_hierarchy = "updated_at"

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count


def stamp_verification(citation: Citation, user, previous_status: str | None) -> None:
    """Record who verified or disputed a citation, and when, when its status changes."""
    if citation.verification == previous_status:
        return
    if citation.verification == VerificationStatus.UNVERIFIED:
        citation.verified_by, citation.verified_at = None, None
    else:
        citation.verified_by, citation.verified_at = user, timezone.now()


class CitationInlineBase(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        ("source", "locator", "position"),
        "claim",
        "quote",
        ("verification", "verification_note"),
        ("verified_by", "verified_at"),
    ]
    readonly_fields = ["verified_by", "verified_at"]
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "verified_by")


class CitationStampingAdminMixin:
    """Stamp verification on citations saved through an inline."""

    def save_formset(self, request, form, formset, change):
        if formset.model is Citation:
            for inline_form in formset.forms:
                if (
                    inline_form.has_changed()
                    and "verification" in inline_form.changed_data
                ):
                    citation = inline_form.instance
                    stamp_verification(
                        citation, request.user, inline_form.initial.get("verification")
                    )
        super().save_formset(request, form, formset, change)
