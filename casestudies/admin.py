from django.contrib import admin
from django.db.models import F, Func, OuterRef, Subquery

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
    citation_field = "case_study"
    form = CaseStudyAdminForm
    list_display = [
        "title",
        "years_display",
        "region",
        "outcome",
        "publication_state",
        "publish_at_short",
        "citation_count",
        "updated_short",
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
        # A subquery per listed row, not a GROUP BY over every participation.
        cases = (
            CaseStudy.objects.filter(participations__actor=OuterRef("pk"))
            .order_by()
            .annotate(
                n=Func(
                    F("pk"),
                    function="COUNT",
                    template="COUNT(DISTINCT %(expressions)s)",
                )
            )
            .values("n")
        )
        return super().get_queryset(request).annotate(case_study_count=Subquery(cases))

    @admin.display(description="case studies", ordering="case_study_count")
    def case_study_count(self, obj):
        return obj.case_study_count
