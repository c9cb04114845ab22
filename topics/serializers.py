"""API representations of topics, sources and citations."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers

from milidip_site.api.expansion import ExpandableSerializerMixin
from milidip_site.api.serializers import (
    ModelRulesSerializer,
    PublishableSerializer,
    SiteURLField,
    SlugRelatedField,
    api_link,
    api_url_field,
)

from .footnotes import check_references
from .models import Citation, Source, Topic, VerificationStatus
from .verification import may_verify


class TopicSummarySerializer(serializers.ModelSerializer):
    api_url = api_url_field("topic-detail")
    site_url = SiteURLField()

    class Meta:
        model = Topic
        fields = ["slug", "title", "summary", "api_url", "site_url"]


class SourceSummarySerializer(serializers.ModelSerializer):
    reliability_label = serializers.CharField(
        source="get_reliability_display", read_only=True
    )
    api_url = api_url_field("source-detail")

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "kind",
            "reliability",
            "reliability_label",
            "api_url",
        ]


class CitationSummarySerializer(serializers.ModelSerializer):
    """A citation as shown inside the topic or case study it backs."""

    source = SourceSummarySerializer(read_only=True)
    api_url = api_url_field("citation-detail", lookup_field="pk")

    class Meta:
        model = Citation
        fields = [
            "id",
            "key",
            "source",
            "claim",
            "locator",
            "quote",
            "verification",
            "verification_note",
            "api_url",
        ]


class FootnotedBodySerializerMixin:
    """A body whose ``[^key]`` references must name citations of the item."""

    def validate_body(self, body):
        keys = []
        if self.instance is not None:
            keys = self.instance.citations.exclude(key="").values_list("key", flat=True)
        try:
            check_references(body, keys)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return body


class TopicSerializer(FootnotedBodySerializerMixin, PublishableSerializer):
    parent = SlugRelatedField(
        slug_field="slug",
        queryset=Topic.objects.all(),
        required=False,
        allow_null=True,
        help_text="The broader topic's slug; null at the top of the tree.",
    )
    related = SlugRelatedField(
        slug_field="slug",
        queryset=Topic.objects.all(),
        many=True,
        required=False,
        help_text="Slugs of topics worth reading next.",
    )
    children = TopicSummarySerializer(many=True, read_only=True)
    citations = CitationSummarySerializer(many=True, read_only=True)
    body_html = serializers.CharField(
        read_only=True, help_text="The body rendered from Markdown and sanitized."
    )
    case_studies_url = serializers.SerializerMethodField(
        help_text="The case studies that illustrate this topic."
    )
    api_url = api_url_field("topic-detail")
    site_url = SiteURLField()

    class Meta:
        model = Topic
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "body_html",
            "parent",
            "position",
            "related",
            "children",
            "citations",
            "case_studies_url",
            "status",
            "publish_at",
            "created_at",
            "updated_at",
            "api_url",
            "site_url",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_related(self, topics):
        if self.instance is not None:
            try:
                self.instance.check_related(topics)
            except DjangoValidationError as error:
                raise serializers.ValidationError(
                    error.message_dict["related"]
                ) from error
        return topics

    def get_case_studies_url(self, topic) -> str:
        url = api_link("api:casestudy-list", self.context.get("request"))
        return f"{url}?topic={topic.slug}"

    def to_representation(self, topic):
        data = super().to_representation(topic)
        # The list annotates whether the reader may see the parent; never name a draft.
        if not getattr(topic, "parent_visible", True):
            data["parent"] = None
        return data


class TopicListSerializer(ExpandableSerializerMixin, TopicSerializer):
    """A row of the topic list: summary fields and links; relations on request."""

    class Meta(TopicSerializer.Meta):
        fields = [
            "slug",
            "title",
            "summary",
            "parent",
            "position",
            "related",
            "children",
            "citations",
            "case_studies_url",
            "status",
            "publish_at",
            "updated_at",
            "api_url",
            "site_url",
        ]
        # Relation name in the API: the model relation prefetched for it.
        expandable = {
            "related": "related",
            "children": "children",
            "citations": "citations",
        }


class TopicExportSerializer(serializers.ModelSerializer):
    """One flat CSV row per topic."""

    parent = serializers.SerializerMethodField()
    api_url = api_url_field("topic-detail")
    site_url = SiteURLField()

    class Meta:
        model = Topic
        fields = [
            "slug",
            "title",
            "summary",
            "parent",
            "position",
            "status",
            "updated_at",
            "api_url",
            "site_url",
        ]

    def get_parent(self, topic) -> str:
        # The list annotates whether the reader may see the parent; never name a draft.
        if topic.parent is None or not getattr(topic, "parent_visible", True):
            return ""
        return topic.parent.slug


class SourceSerializer(ModelRulesSerializer):
    reliability_label = serializers.CharField(
        source="get_reliability_display", read_only=True
    )
    date_display = serializers.CharField(read_only=True)
    citations_url = serializers.SerializerMethodField(
        help_text="The public citations of this source."
    )
    api_url = api_url_field("source-detail")
    site_url = SiteURLField()

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "kind",
            "reliability",
            "reliability_label",
            "authors",
            "publisher",
            "year",
            "month",
            "day",
            "date_display",
            "url",
            "archived_url",
            "accessed_on",
            "identifier",
            "note",
            "citations_url",
            "created_at",
            "updated_at",
            "api_url",
            "site_url",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_citations_url(self, source) -> str:
        url = api_link("api:citation-list", self.context.get("request"))
        return f"{url}?source={source.slug}"


class CitationSerializer(ModelRulesSerializer):
    source = SlugRelatedField(
        slug_field="slug", queryset=Source.objects.all(), help_text="The source's slug."
    )
    source_summary = SourceSummarySerializer(source="source", read_only=True)
    topic = SlugRelatedField(
        slug_field="slug",
        queryset=Topic.objects.all(),
        required=False,
        allow_null=True,
        help_text="The topic backed, or null when it backs a case study.",
    )
    case_study = SlugRelatedField(
        slug_field="slug",
        queryset=Citation._meta.get_field("case_study").related_model.objects.all(),
        required=False,
        allow_null=True,
        help_text="The case study backed, or null when it backs a topic.",
    )
    is_ai_only = serializers.BooleanField(
        read_only=True,
        help_text="True when the source is AI-generated and unverified.",
    )
    api_url = api_url_field("citation-detail", lookup_field="pk")
    site_url = serializers.SerializerMethodField(
        help_text="The page of the topic or case study this citation backs."
    )

    class Meta:
        model = Citation
        fields = [
            "id",
            "source",
            "source_summary",
            "topic",
            "case_study",
            "key",
            "claim",
            "locator",
            "quote",
            "verification",
            "verification_note",
            "verified_at",
            "is_ai_only",
            "position",
            "created_at",
            "updated_at",
            "api_url",
            "site_url",
        ]
        read_only_fields = ["verified_at", "created_at", "updated_at"]
        # The unique key per topic or case study would make both targets required;
        # the model's full_clean (ModelRulesSerializer) checks the constraints.
        validators = []

    def validate(self, attrs):
        """As in the admin, only reviewers mark citations verified or disputed."""
        current = {
            "verification": getattr(
                self.instance, "verification", VerificationStatus.UNVERIFIED
            ),
            "verification_note": getattr(self.instance, "verification_note", ""),
        }
        changes_verification = any(
            name in attrs and attrs[name] != value for name, value in current.items()
        )
        request = self.context.get("request")
        if changes_verification and not may_verify(getattr(request, "user", None)):
            raise exceptions.PermissionDenied(
                "Only reviewers can mark a citation verified or disputed."
            )
        return super().validate(attrs)

    def get_site_url(self, citation) -> str:
        request = self.context.get("request")
        url = citation.target.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class CitationExportSerializer(CitationSerializer):
    """One flat CSV row per citation: slugs instead of nested objects."""

    reliability = serializers.CharField(source="source.reliability", read_only=True)

    class Meta(CitationSerializer.Meta):
        fields = [
            "id",
            "source",
            "reliability",
            "topic",
            "case_study",
            "claim",
            "locator",
            "quote",
            "verification",
            "verified_at",
            "is_ai_only",
            "updated_at",
            "api_url",
            "site_url",
        ]
