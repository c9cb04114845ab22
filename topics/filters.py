"""Filters for topics, sources and citations, used by the site and the API."""

import django_filters

from milidip_site.filters import (
    ChoiceInFilter,
    SearchableFilterSet,
    SlugInFilter,
    StrictBooleanFilter,
    StrictFilterSet,
    VisibleSlugInFilter,
)

from .models import Citation, Reliability, Source, SourceKind, Topic, VerificationStatus


class TopicFilterSet(SearchableFilterSet):
    parent = VisibleSlugInFilter(
        field_name="parent__slug",
        lookup_expr="in",
        label="Parent topic",
        related_model=Topic,
    )
    root = StrictBooleanFilter(
        method="filter_root",
        label="Top-level topics only",
        help_text="`true`: only top-level topics; `false`: only subtopics.",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("position", "position"), ("updated_at", "updated"))
    )

    class Meta:
        model = Topic
        fields = ["q", "parent", "root"]

    def filter_root(self, queryset, name, value):
        """Top-level as the requester sees the tree (see TopicQuerySet.roots)."""
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        roots = queryset.roots(user)
        return roots if value else queryset.exclude(pk__in=roots.values("pk"))


class SourceFilterSet(SearchableFilterSet):
    kind = ChoiceInFilter(
        choices=SourceKind.choices, field_name="kind", lookup_expr="in", label="Kind"
    )
    reliability = ChoiceInFilter(
        choices=Reliability.choices,
        field_name="reliability",
        lookup_expr="in",
        label="Reliability",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("year", "year"))
    )

    class Meta:
        model = Source
        fields = ["q", "kind", "reliability"]


class CitationFilterSet(StrictFilterSet):
    verification = ChoiceInFilter(
        choices=VerificationStatus.choices, field_name="verification", lookup_expr="in"
    )
    reliability = ChoiceInFilter(
        choices=Reliability.choices, field_name="source__reliability", lookup_expr="in"
    )
    source = SlugInFilter(field_name="source__slug", lookup_expr="in")
    topic = SlugInFilter(field_name="topic__slug", lookup_expr="in")
    case_study = SlugInFilter(field_name="case_study__slug", lookup_expr="in")

    class Meta:
        model = Citation
        fields = ["verification", "reliability", "source", "topic", "case_study"]
