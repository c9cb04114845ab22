from django.contrib import admin
from django.db.models import Count

from editorial.admin import PUBLICATION_FIELDSETS, HistoryAdmin
from editorial.forms import PublishableAdminForm
from topics.admin import (
    CitationInlineBase,
    CitedItemAdmin,
    FootnotedBodyFormMixin,
    ProvenanceFilter,
)

from .models import Actor, CaseStudy, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["actor"]


class CaseStudyCitationInline(CitationInlineBase):
    fk_name = "case_study"
    exclude = ["topic"]


class CaseStudyAdminForm(FootnotedBodyFormMixin, PublishableAdminForm):
    pass


@admin.register(CaseStudy)
class CaseStudyAdmin(CitedItemAdmin):
    form = CaseStudyAdminForm
    list_display = [
        "title",
        "years_display",
        "region",
        "outcome",
        "status",
        "publish_at",
        "is_published",
        "citation_count",
        "updated_at",
    ]
    list_filter = [
        "status",
        ProvenanceFilter,
        "region",
        "outcome",
        "year_precision",
        "topics",
    ]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    inlines = [ParticipationInline, CaseStudyCitationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            "When and where",
            {"fields": [("start_year", "end_year", "year_precision"), "region"]},
        ),
        ("Mechanisms", {"fields": ["topics"]}),
        (
            "Outcome and success metrics",
            {
                "fields": [
                    "outcome",
                    ("peace_duration", "hostility_reduction", "economic_partnership"),
                    "metrics_note",
                ]
            },
        ),
        *PUBLICATION_FIELDSETS,
    ]

    @admin.display(description="years", ordering="start_year")
    def years_display(self, obj):
        return obj.years_display


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "iso_code", "wikidata_id", "case_study_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "iso_code", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(case_study_count=Count("case_studies", distinct=True))
        )

    @admin.display(description="case studies", ordering="case_study_count")
    def case_study_count(self, obj):
        return obj.case_study_count
