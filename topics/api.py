"""API endpoints for topics, sources and citations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions

from milidip_site.api.drafts import PendingChangesMixin
from milidip_site.api.expansion import CompactListMixin
from milidip_site.api.exports import ExportMixin
from milidip_site.api.renderers import CSVRenderer
from milidip_site.api.viewsets import ApiModelViewSet

from .filters import CitationFilterSet, SourceFilterSet, TopicFilterSet
from .models import Citation, Source, Topic
from .references import BIBTEX, CSL_JSON
from .renderers import BibTeXRenderer, CSLJSONRenderer
from .selectors import with_detail_relations
from .serializers import (
    CitationExportSerializer,
    CitationSerializer,
    SourceSerializer,
    TopicExportSerializer,
    TopicListSerializer,
    TopicSerializer,
)
from .verification import stamp_verification


@extend_schema_view(
    list=extend_schema(
        summary="List topics",
        description=(
            "Published topics (editors also see drafts), in tree order, compact: "
            "summary fields and links. `expand=related,children,citations` adds "
            "the related topics, the subtopics and the citations."
        ),
    ),
    retrieve=extend_schema(summary="A topic, with its citations and subtopics"),
    create=extend_schema(
        summary="Add a topic",
        examples=[
            OpenApiExample(
                "A subtopic",
                value={
                    "title": "Defense attachés",
                    "slug": "defense-attaches",
                    "summary": "Officers posted to embassies to handle defense relations.",
                    "body": "Defense attachés **represent** their armed forces abroad.",
                    "parent": "military-diplomacy",
                    "status": "draft",
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(summary="Replace a topic"),
    partial_update=extend_schema(summary="Change some fields of a topic"),
    destroy=extend_schema(summary="Delete a topic (refused while it has subtopics)"),
    export=extend_schema(
        summary="Export topics as CSV",
        description="The whole filtered list, unpaginated.",
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, "A header row, then one row per topic."
            )
        },
    ),
)
class TopicViewSet(PendingChangesMixin, ExportMixin, CompactListMixin, ApiModelViewSet):
    """Topics: the tree of subjects (at most three levels deep)."""

    serializer_class = TopicSerializer
    list_serializer_class = TopicListSerializer
    export_serializer_class = TopicExportSerializer
    filterset_class = TopicFilterSet
    export_filename = "milidip-topics"

    def get_queryset(self):
        user = self.request.user
        if self.exporting():
            only = set()
        elif self.compact_list():
            expandable = self.list_serializer_class.Meta.expandable
            only = {expandable[name] for name in self.expanded()}
        else:
            only = None
        return with_detail_relations(
            Topic.objects.visible_to(user), user=user, case_studies=False, only=only
        )


@extend_schema_view(
    list=extend_schema(summary="List sources", description="All sources are public."),
    retrieve=extend_schema(summary="A source"),
    create=extend_schema(summary="Add a source"),
    update=extend_schema(summary="Replace a source"),
    partial_update=extend_schema(summary="Change some fields of a source"),
    destroy=extend_schema(summary="Delete a source (refused while it is cited)"),
    export=extend_schema(
        summary="Export sources as CSV, BibTeX or CSL-JSON",
        description=(
            "The whole filtered list, unpaginated. Choose the format with `format` "
            f"or the `Accept` header: `text/csv`, `{BIBTEX.media_type}`, "
            f"`{CSL_JSON.media_type}`."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["csv", "bibtex", "csl-json"],
                description="The export format (CSV by default).",
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, "One row per source."),
            (200, BIBTEX.media_type): OpenApiResponse(
                OpenApiTypes.STR, "One BibTeX entry per source, keyed by slug."
            ),
            (200, CSL_JSON.media_type): OpenApiResponse(
                {"type": "array", "items": {"type": "object"}},
                "CSL-JSON items, as reference managers import them.",
            ),
        },
    ),
)
class SourceViewSet(ExportMixin, ApiModelViewSet):
    """Sources: what claims rest on, with how reliable each is."""

    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    export_filename = "milidip-sources"
    export_renderer_classes = [CSVRenderer, BibTeXRenderer, CSLJSONRenderer]

    def get_queryset(self):
        return Source.objects.all()


class CitedInText(exceptions.APIException):
    status_code = 409
    default_code = "still_referenced"


@extend_schema_view(
    list=extend_schema(
        summary="List citations",
        description=(
            "Citations of published topics and case studies (editors see all), with "
            "their source's reliability and their verification status. Citations "
            "have no slug: their detail is at their id."
        ),
    ),
    retrieve=extend_schema(summary="A citation"),
    create=extend_schema(
        summary="Cite a source for a topic or a case study",
        examples=[
            OpenApiExample(
                "Citing a source for a topic",
                value={
                    "source": "nato-handbook-2006",
                    "topic": "peacekeeping",
                    "claim": "NATO led the peace implementation force in Bosnia.",
                    "locator": "Chapter 5",
                    "verification": "unverified",
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(summary="Replace a citation"),
    partial_update=extend_schema(summary="Change some fields of a citation"),
    destroy=extend_schema(summary="Delete a citation"),
    export=extend_schema(
        summary="Export citations as CSV",
        description="The whole filtered list, unpaginated.",
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, "A header row, then one row per citation."
            )
        },
    ),
)
class CitationViewSet(ExportMixin, ApiModelViewSet):
    """Citations: a source backing a claim of one topic or one case study."""

    serializer_class = CitationSerializer
    export_serializer_class = CitationExportSerializer
    filterset_class = CitationFilterSet
    export_filename = "milidip-citations"
    lookup_field = "pk"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Citation.objects.visible_to(self.request.user).select_related(
            "source", "topic", "case_study"
        )

    def perform_destroy(self, instance):
        if instance.is_cited_in_text:
            raise CitedInText(
                f"The text of “{instance.target}” cites this citation as "
                f"[^{instance.key}]: remove the reference there first."
            )
        super().perform_destroy(instance)

    def perform_create(self, serializer):
        citation = serializer.save()
        self._stamp(citation, previous_status=None)

    def perform_update(self, serializer):
        previous_status = serializer.instance.verification
        citation = serializer.save()
        self._stamp(citation, previous_status)

    def _stamp(self, citation, previous_status):
        stamp_verification(citation, self.request.user, previous_status)
        citation.save(update_fields=["verified_by", "verified_at"])
