"""API representations of case studies and actors."""

from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from milidip_site.api.expansion import ExpandableSerializerMixin
from milidip_site.api.serializers import (
    ModelRulesSerializer,
    PublishableSerializer,
    SiteURLField,
    SlugRelatedField,
    api_url_field,
)
from topics.models import Topic
from topics.serializers import (
    CitationSummarySerializer,
    FootnotedBodySerializerMixin,
)

from .models import Actor, CaseStudy, Participation


class ParticipantSerializer(serializers.ModelSerializer):
    """An actor and its role in a case study."""

    serializer_field_mapping = ModelRulesSerializer.serializer_field_mapping

    actor = SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), help_text="The actor's slug."
    )
    actor_name = serializers.CharField(source="actor.name", read_only=True)
    actor_kind = serializers.CharField(source="actor.kind", read_only=True)
    actor_api_url = serializers.HyperlinkedRelatedField(
        source="actor",
        view_name="api:actor-detail",
        lookup_field="slug",
        read_only=True,
    )

    class Meta:
        model = Participation
        fields = ["actor", "actor_name", "actor_kind", "actor_api_url", "role", "note"]


class CaseStudyRoleSerializer(serializers.ModelSerializer):
    """A case study an actor takes part in, and the actor's role there."""

    slug = serializers.CharField(source="case_study.slug", read_only=True)
    title = serializers.CharField(source="case_study.title", read_only=True)
    years_display = serializers.CharField(
        source="case_study.years_display", read_only=True
    )
    api_url = serializers.HyperlinkedRelatedField(
        source="case_study",
        view_name="api:casestudy-detail",
        lookup_field="slug",
        read_only=True,
    )

    class Meta:
        model = Participation
        fields = ["slug", "title", "years_display", "role", "note", "api_url"]


class CaseStudySerializer(FootnotedBodySerializerMixin, PublishableSerializer):
    participants = ParticipantSerializer(
        source="participations",
        many=True,
        required=False,
        help_text="The actors and their roles; a write replaces the whole list.",
    )
    topics = SlugRelatedField(
        slug_field="slug",
        queryset=Topic.objects.all(),
        many=True,
        required=False,
        help_text="Slugs of the topics (mechanisms) this case illustrates.",
    )
    citations = CitationSummarySerializer(many=True, read_only=True)
    years_display = serializers.CharField(read_only=True)
    body_html = serializers.CharField(
        read_only=True, help_text="The body rendered from Markdown and sanitized."
    )
    api_url = api_url_field("casestudy-detail")
    site_url = SiteURLField()

    class Meta:
        model = CaseStudy
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "body_html",
            "start_year",
            "end_year",
            "year_precision",
            "years_display",
            "region",
            "outcome",
            "peace_duration",
            "hostility_reduction",
            "economic_partnership",
            "metrics_note",
            "participants",
            "topics",
            "citations",
            "status",
            "publish_at",
            "created_at",
            "updated_at",
            "api_url",
            "site_url",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_participants(self, participants):
        seen = set()
        for participant in participants:
            # Even in a PATCH: the list replaces the whole list, so each is complete.
            missing = [name for name in ("actor", "role") if name not in participant]
            if missing:
                raise serializers.ValidationError(
                    "Each participant needs an actor and a role "
                    f"(missing: {', '.join(missing)})."
                )
            key = (participant["actor"].pk, participant["role"])
            if key in seen:
                raise serializers.ValidationError(
                    f"{participant['actor']} is listed twice as {participant['role']}."
                )
            seen.add(key)
        return participants

    @transaction.atomic
    def create(self, validated_data):
        participants = validated_data.pop("participations", None)
        case_study = super().create(validated_data)
        self._replace_participants(case_study, participants)
        return case_study

    @transaction.atomic
    def update(self, case_study, validated_data):
        participants = validated_data.pop("participations", None)
        case_study = super().update(case_study, validated_data)
        self._replace_participants(case_study, participants)
        return case_study

    @staticmethod
    def _replace_participants(case_study, participants):
        if participants is None:
            return
        case_study.participations.all().delete()
        Participation.objects.bulk_create(
            Participation(case_study=case_study, **participant)
            for participant in participants
        )
        # Drop the prefetched list so the response shows the new participants.
        getattr(case_study, "_prefetched_objects_cache", {}).pop("participations", None)


class CaseStudyListSerializer(ExpandableSerializerMixin, CaseStudySerializer):
    """A row of the case-study list: summary fields and links; relations on request."""

    class Meta(CaseStudySerializer.Meta):
        fields = [
            "slug",
            "title",
            "summary",
            "start_year",
            "end_year",
            "year_precision",
            "years_display",
            "region",
            "outcome",
            "participants",
            "topics",
            "citations",
            "status",
            "publish_at",
            "updated_at",
            "api_url",
            "site_url",
        ]
        # Relation name in the API: the model relation prefetched for it.
        expandable = {
            "participants": "participations",
            "topics": "topics",
            "citations": "citations",
        }


class CaseStudyExportSerializer(serializers.ModelSerializer):
    """One flat CSV row per case study."""

    actors = serializers.SerializerMethodField()
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    api_url = api_url_field("casestudy-detail")
    site_url = SiteURLField()

    class Meta:
        model = CaseStudy
        fields = [
            "slug",
            "title",
            "summary",
            "start_year",
            "end_year",
            "years_display",
            "region",
            "outcome",
            "peace_duration",
            "hostility_reduction",
            "economic_partnership",
            "actors",
            "topics",
            "status",
            "updated_at",
            "api_url",
            "site_url",
        ]

    def get_actors(self, case_study) -> list[str]:
        return [
            f"{p.actor.name} ({p.get_role_display()})"
            for p in case_study.participations.all()
        ]


def shown_roles(actor):
    """The roles the view prefetched (a list shows the first ones), else all."""
    roles = getattr(actor, "shown_participations", None)
    return actor.participations.all() if roles is None else roles


class ActorSerializer(ModelRulesSerializer):
    case_studies = serializers.SerializerMethodField(
        help_text=(
            "The case studies the actor takes part in, with its role (in a list, "
            "the first ones by start year)."
        ),
    )
    api_url = api_url_field("actor-detail")
    site_url = SiteURLField()

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name",
            "kind",
            "iso_code",
            "wikidata_id",
            "description",
            "case_studies",
            "created_at",
            "updated_at",
            "api_url",
            "site_url",
        ]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(CaseStudyRoleSerializer(many=True))
    def get_case_studies(self, actor):
        return CaseStudyRoleSerializer(
            shown_roles(actor), many=True, context=self.context
        ).data


class ActorExportSerializer(serializers.ModelSerializer):
    """One flat CSV row per actor."""

    case_studies = serializers.SerializerMethodField()
    api_url = api_url_field("actor-detail")
    site_url = SiteURLField()

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name",
            "kind",
            "iso_code",
            "wikidata_id",
            "description",
            "case_studies",
            "api_url",
            "site_url",
        ]

    def get_case_studies(self, actor) -> list[str]:
        return [p.case_study.slug for p in shown_roles(actor)]
