"""Filters for case studies and actors, used by the site's facets and the API."""

from collections import Counter
from dataclasses import dataclass

import django_filters
from django.db.models import Count, Q

from milidip_site.filters import (
    BoundedNumberFilter,
    ChoiceInFilter,
    SearchableFilterSet,
    SlugInFilter,
    VisibleSlugInFilter,
    listed,
)
from topics.models import Topic

from .models import Actor, ActorKind, CaseStudy, Outcome, Participation, Region


class CaseStudyFilterSet(SearchableFilterSet):
    region = ChoiceInFilter(
        choices=Region.choices, field_name="region", lookup_expr="in", label="Region"
    )
    actor = SlugInFilter(field_name="actors__slug", lookup_expr="in", label="Actor")
    topic = VisibleSlugInFilter(
        field_name="topics__slug", lookup_expr="in", label="Topic", related_model=Topic
    )
    outcome = ChoiceInFilter(
        choices=Outcome.choices, field_name="outcome", lookup_expr="in", label="Outcome"
    )
    year_from = BoundedNumberFilter(
        method="filter_year_from",
        label="Active from year: cases running in or after it (negative for BCE)",
        help_text=(
            "Cases whose span overlaps the range: still running in or after this "
            "year (ended then or later, or ongoing). `year_from=1991` includes a "
            "1949–1991 case. Negative for BCE."
        ),
    )
    year_to = BoundedNumberFilter(
        method="filter_year_to",
        label="Active until year: cases begun by then (negative for BCE)",
        help_text=(
            "Cases whose span overlaps the range: begun in or before this year. "
            "`year_to=1949` includes a 1949–1991 case. Negative for BCE."
        ),
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
        empty_label="Start year (default)",
    )

    class Meta:
        model = CaseStudy
        fields = ["q", "region", "actor", "topic", "outcome", "year_from", "year_to"]

    def filter_year_from(self, queryset, name, value):
        """Cases still running in or after the year: ended then or later, or ongoing."""
        return queryset.filter(Q(end_year__isnull=True) | Q(end_year__gte=value))

    def filter_year_to(self, queryset, name, value):
        """Cases that had begun by the year."""
        return queryset.filter(start_year__lte=value)


class ActorFilterSet(SearchableFilterSet):
    kind = ChoiceInFilter(
        choices=ActorKind.choices, field_name="kind", lookup_expr="in"
    )
    ordering = django_filters.OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Actor
        fields = ["q", "kind"]


FACETS = ("region", "outcome", "actor", "topic")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def _without(data, name: str):
    rest = data.copy()
    for key in (name, "page", "ordering"):
        rest.pop(key, None)
    return rest


def _related_options(name: str, matching, selected: set[str]) -> list[FacetOption]:
    """Actor or topic options, counted on the join table rather than the content."""
    if name == "actor":
        counts = dict(
            Participation.objects.filter(case_study__in=matching)
            .values_list("actor_id")
            .annotate(n=Count("case_study_id", distinct=True))
            .order_by()
        )
        related, order = Actor.objects.all(), "name"
    else:
        counts = dict(
            CaseStudy.topics.through.objects.filter(casestudy__in=matching)
            .values_list("topic_id")
            .annotate(n=Count("casestudy_id"))
            .order_by()
        )
        related, order = Topic.objects.published(), "title"
    rows = related.filter(Q(pk__in=counts) | Q(slug__in=selected)).only("slug", order)
    options = [
        FacetOption(row.slug, str(row), counts.get(row.pk, 0), row.slug in selected)
        for row in rows
    ]
    options.sort(key=lambda o: (-o.count, o.label))
    return options


def facet_counts(data, queryset) -> dict[str, list[FacetOption]]:
    """Options of each facet with counts under the current filter minus that facet.

    `queryset` must hold only published case studies; at most one query per facet
    (two for actors and topics). Facets whose filter-minus-itself is the same share
    one FilterSet, and region and outcome then share one query (the unfiltered
    list: one FilterSet, five queries).
    """
    facets = {}
    matching_for, choice_counts = {}, {}
    for name in FACETS:
        rest = _without(data, name)
        key = rest.urlencode()
        if key not in matching_for:
            filterset = CaseStudyFilterSet(rest, queryset=queryset)
            matching_for[key] = filterset.qs.order_by()
        matching = matching_for[key].values("pk")
        selected = set(listed(data.get(name)))
        if name in ("region", "outcome"):
            if key not in choice_counts:  # region and outcome in one query if they can
                choice_counts[key] = list(
                    matching_for[key]
                    .values_list("region", "outcome")
                    .annotate(n=Count("pk", distinct=True))
                    .order_by()
                )
            counts = Counter()
            for region, outcome, n in choice_counts[key]:
                counts[region if name == "region" else outcome] += n
            choices = Region.choices if name == "region" else Outcome.choices
            options = [
                FacetOption(value, str(label), counts.get(value, 0), value in selected)
                for value, label in choices
            ]
        else:
            options = _related_options(name, matching, selected)
        facets[name] = [o for o in options if o.count or o.selected]
    return facets
