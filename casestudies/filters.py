"""Filters for case studies and actors, used by the site's facets and the API."""

import django_filters
from django.db.models import Q

from milidip_site.filters import ChoiceInFilter, SlugInFilter, StrictFilterSet
from milidip_site.search.backends import matching_ids
from milidip_site.search.models import Kind

from .models import Actor, ActorKind, CaseStudy, Outcome, Region


class CaseStudyFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search")
    region = ChoiceInFilter(
        choices=Region.choices, field_name="region", lookup_expr="in"
    )
    actor = SlugInFilter(field_name="actors__slug", lookup_expr="in", label="Actor")
    topic = SlugInFilter(field_name="topics__slug", lookup_expr="in", label="Topic")
    outcome = ChoiceInFilter(
        choices=Outcome.choices, field_name="outcome", lookup_expr="in"
    )
    year_from = django_filters.NumberFilter(
        method="filter_year_from", label="From year (negative for BCE)"
    )
    year_to = django_filters.NumberFilter(
        method="filter_year_to", label="To year (negative for BCE)"
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("title", "title"),
            ("start_year", "start_year"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "title": "Title",
            "start_year": "Start year",
            "updated_at": "Recently updated",
        },
        label="Sort by",
    )

    class Meta:
        model = CaseStudy
        fields = ["q", "region", "actor", "topic", "outcome", "year_from", "year_to"]

    def filter_text(self, queryset, name, value):
        ids = matching_ids(Kind.CASE_STUDY, value)
        return queryset if ids is None else queryset.filter(pk__in=ids)

    def filter_year_from(self, queryset, name, value):
        """Cases still running in or after the year: ended then or later, or ongoing."""
        return queryset.filter(Q(end_year__isnull=True) | Q(end_year__gte=value))

    def filter_year_to(self, queryset, name, value):
        """Cases that had begun by the year."""
        return queryset.filter(start_year__lte=value)


class ActorFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search")
    kind = ChoiceInFilter(
        choices=ActorKind.choices, field_name="kind", lookup_expr="in"
    )
    ordering = django_filters.OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Actor
        fields = ["q", "kind"]

    def filter_text(self, queryset, name, value):
        ids = matching_ids(Kind.ACTOR, value)
        return queryset if ids is None else queryset.filter(pk__in=ids)
