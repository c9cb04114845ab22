"""API endpoints for case studies and actors."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from milidip_site.api.drafts import PendingChangesMixin
from milidip_site.api.expansion import CompactListMixin
from milidip_site.api.exports import ExportMixin
from milidip_site.api.viewsets import ApiModelViewSet

from .filters import ActorFilterSet, CaseStudyFilterSet
from .models import Actor, CaseStudy
from .selectors import with_detail_relations, with_participations
from .serializers import (
    ActorExportSerializer,
    ActorSerializer,
    CaseStudyExportSerializer,
    CaseStudyListSerializer,
    CaseStudySerializer,
)

# How many case studies an actor's row in the list shows; its detail has all.
ACTOR_LIST_CASE_STUDIES = 20

CSV_EXPORT_RESPONSE = {
    (200, "text/csv"): OpenApiResponse(
        OpenApiTypes.STR, "A header row, then one row per object."
    )
}


@extend_schema_view(
    list=extend_schema(
        summary="List case studies",
        description=(
            "Published case studies (editors also see drafts), compact: summary "
            "fields and links. `expand=participants,topics,citations` adds the "
            "actors with their roles, the topics and the citations. Filters are "
            "those of the site's facets; comma-separated values match any of them "
            "(`region=europe,africa`). `year_from`/`year_to` match the cases whose "
            "span overlaps the range (`year_from=1991` includes a 1949–1991 case)."
        ),
    ),
    retrieve=extend_schema(summary="A case study"),
    create=extend_schema(
        summary="Add a case study",
        examples=[
            OpenApiExample(
                "A case with two actors",
                value={
                    "title": "IFOR in Bosnia and Herzegovina",
                    "slug": "ifor-bosnia",
                    "summary": "NATO's implementation force after the Dayton agreement.",
                    "start_year": 1995,
                    "end_year": 1996,
                    "region": "europe",
                    "outcome": "success",
                    "participants": [
                        {"actor": "nato", "role": "lead"},
                        {"actor": "bosnia-and-herzegovina", "role": "host"},
                    ],
                    "topics": ["peacekeeping"],
                    "status": "draft",
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(summary="Replace a case study"),
    partial_update=extend_schema(summary="Change some fields of a case study"),
    destroy=extend_schema(summary="Delete a case study"),
    export=extend_schema(
        summary="Export case studies as CSV",
        description="The whole filtered list, unpaginated.",
        responses=CSV_EXPORT_RESPONSE,
    ),
)
class CaseStudyViewSet(
    PendingChangesMixin, ExportMixin, CompactListMixin, ApiModelViewSet
):
    """Case studies of military diplomacy."""

    serializer_class = CaseStudySerializer
    list_serializer_class = CaseStudyListSerializer
    export_serializer_class = CaseStudyExportSerializer
    filterset_class = CaseStudyFilterSet
    export_filename = "milidip-case-studies"

    def get_queryset(self):
        user = self.request.user
        queryset = CaseStudy.objects.visible_to(user)
        if self.exporting():
            only = {"participations", "topics"}
        elif self.compact_list():
            expandable = self.list_serializer_class.Meta.expandable
            only = {expandable[name] for name in self.expanded()}
        else:
            only = None
        return with_detail_relations(queryset, user=user, only=only)


@extend_schema_view(
    list=extend_schema(
        summary="List actors",
        description=(
            "States, alliances and organizations; all are public. Each row shows "
            f"the actor's first {ACTOR_LIST_CASE_STUDIES} case studies (by start "
            "year); its detail, or `/api/v1/case-studies/?actor=<slug>`, has all."
        ),
    ),
    retrieve=extend_schema(summary="An actor, with the case studies it takes part in"),
    create=extend_schema(summary="Add an actor"),
    update=extend_schema(summary="Replace an actor"),
    partial_update=extend_schema(summary="Change some fields of an actor"),
    destroy=extend_schema(
        summary="Delete an actor (refused while it takes part in a case)"
    ),
    export=extend_schema(
        summary="Export actors as CSV",
        description="The whole filtered list, unpaginated.",
        responses=CSV_EXPORT_RESPONSE,
    ),
)
class ActorViewSet(ExportMixin, ApiModelViewSet):
    """Actors: states, alliances and organizations."""

    serializer_class = ActorSerializer
    export_serializer_class = ActorExportSerializer
    filterset_class = ActorFilterSet
    export_filename = "milidip-actors"

    def get_queryset(self):
        # A list row shows an actor's first roles: some actors have thousands.
        listing = self.action == "list" and not self.exporting()
        limit = ACTOR_LIST_CASE_STUDIES if listing else None
        return with_participations(
            Actor.objects.all(), user=self.request.user, limit=limit
        )
