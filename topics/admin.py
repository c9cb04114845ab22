from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from reversion_compare.admin import CompareVersionAdmin

from milidip_site.admin_history import HistoryPermissionMixin
from milidip_site.admin_mixins import (
    VERIFICATION_FIELDS,
    CitationInlineBase,
    CitationStampingAdminMixin,
    ProvenanceFilter,
    PublishableAdmin,
    PublishableAdminForm,
    stamp_verification,
)
from milidip_site.workflow import can_verify

from .models import Citation, Source, Topic, VerificationStatus


class TopicCitationInline(CitationInlineBase):
    fk_name = "topic"
    exclude = ["case_study"]


class TopicAdminForm(PublishableAdminForm):
    def clean_related(self):
        related = self.cleaned_data["related"]
        try:
            self.instance.check_related(related)
        except ValidationError as error:
            raise ValidationError(error.message_dict["related"]) from error
        return related


@admin.register(Topic)
class TopicAdmin(CitationStampingAdminMixin, PublishableAdmin):
    form = TopicAdminForm
    list_display = [
        "title",
        "parent",
        "position",
        "status",
        "publish_at",
        "is_published",
        "citation_count",
        "updated_at",
    ]
    list_filter = [
        "status",
        ProvenanceFilter,
        ("parent", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["parent", "last_edited_by"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "related"]
    inlines = [TopicCitationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Place in the tree", {"fields": ["parent", "position", "related"]}),
        ("Publication", {"fields": ["status", "publish_at", "review_by"]}),
        (
            "Record",
            {
                "fields": ["created_at", "updated_at", "last_edited_by"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))


@admin.register(Source)
class SourceAdmin(HistoryPermissionMixin, CompareVersionAdmin):
    list_display = [
        "title",
        "kind",
        "reliability",
        "date_display",
        "identifier",
        "cited",
    ]
    list_filter = ["reliability", "kind"]
    search_fields = ["title", "authors", "publisher", "identifier", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "reliability", "note"]}),
        (
            "Bibliographic details",
            {"fields": ["authors", "publisher", "year", "month", "day"]},
        ),
        (
            "Where to find it",
            {"fields": ["url", "archived_url", "accessed_on", "identifier"]},
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cited_count=Count("citations"))

    @admin.display(description="date", ordering="year")
    def date_display(self, obj):
        return obj.date_display

    @admin.display(description="citations", ordering="cited_count")
    def cited(self, obj):
        return obj.cited_count


class DisputeForm(forms.Form):
    note = forms.CharField(
        label="What is wrong, and what is correct?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


@admin.register(Citation)
class CitationAdmin(HistoryPermissionMixin, CompareVersionAdmin):
    list_display = [
        "__str__",
        "source_reliability",
        "verification",
        "locator",
        "verified_by",
    ]
    list_filter = ["verification", "source__reliability"]
    list_select_related = ["source", "topic", "case_study", "verified_by"]
    search_fields = ["claim", "quote", "locator", "source__title", "verification_note"]
    autocomplete_fields = ["source", "topic", "case_study"]
    readonly_fields = ["verified_by", "verified_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["source", "topic", "case_study", "locator", "position"]}),
        ("What it supports", {"fields": ["claim", "quote"]}),
        (
            "Verification",
            {
                "fields": [
                    "verification",
                    "verification_note",
                    "verified_by",
                    "verified_at",
                ]
            },
        ),
    ]

    actions = ["mark_verified", "mark_disputed"]

    @admin.display(description="reliability", ordering="source__reliability")
    def source_reliability(self, obj):
        return obj.source.get_reliability_display()

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not can_verify(request.user):
            return [*VERIFICATION_FIELDS, *readonly]
        return readonly

    def has_verify_permission(self, request):
        return can_verify(request.user)

    def save_model(self, request, obj, form, change):
        stamp_verification(obj, request.user, form.initial.get("verification"))
        super().save_model(request, obj, form, change)

    def _set_verification(self, request, queryset, status, note=""):
        for citation in queryset.select_related("source"):
            previous = citation.verification
            citation.verification = status
            if note:
                citation.verification_note = note
            stamp_verification(citation, request.user, previous)
            citation.full_clean()
            citation.save()
        return queryset.count()

    @admin.action(
        description="Mark selected citations verified", permissions=["verify"]
    )
    def mark_verified(self, request, queryset):
        count = self._set_verification(request, queryset, VerificationStatus.VERIFIED)
        self.message_user(
            request, f"{count} citation(s) marked verified.", messages.SUCCESS
        )

    @admin.action(
        description="Mark selected citations disputed…", permissions=["verify"]
    )
    def mark_disputed(self, request, queryset):
        form = DisputeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = self._set_verification(
                request,
                queryset,
                VerificationStatus.DISPUTED,
                form.cleaned_data["note"],
            )
            self.message_user(
                request, f"{count} citation(s) marked disputed.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Mark citations disputed",
            "opts": self.model._meta,
            "citations": queryset.select_related("source", "topic", "case_study"),
            "form": form,
            "action": "mark_disputed",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/citation_dispute.html", context)
