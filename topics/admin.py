from django.contrib import admin
from django.db.models import Count
from reversion_compare.admin import CompareVersionAdmin

from milidip_site.admin_mixins import (
    CitationInlineBase,
    CitationStampingAdminMixin,
    PublishableAdmin,
    stamp_verification,
)

from .models import Citation, Source, Topic


class TopicCitationInline(CitationInlineBase):
    fk_name = "topic"
    exclude = ["case_study"]


@admin.register(Topic)
class TopicAdmin(CitationStampingAdminMixin, PublishableAdmin):
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
    list_filter = ["status", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent", "last_edited_by"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "related"]
    inlines = [TopicCitationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Place in the tree", {"fields": ["parent", "position", "related"]}),
        ("Publication", {"fields": ["status", "publish_at"]}),
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
class SourceAdmin(CompareVersionAdmin):
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


@admin.register(Citation)
class CitationAdmin(CompareVersionAdmin):
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

    @admin.display(description="reliability", ordering="source__reliability")
    def source_reliability(self, obj):
        return obj.source.get_reliability_display()

    def save_model(self, request, obj, form, change):
        stamp_verification(obj, request.user, form.initial.get("verification"))
        super().save_model(request, obj, form, change)
