"""Filters for case studies and actors, used by the site's facets and the API."""

from dataclasses import dataclass

import django_filters
from django.db.models import Case, Count, Max, Q, When

from milidip_site import count_cache
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
# Actor and topic facets show their most frequent options, then "more…".
FACET_TOP = 10


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetOptions:
    """A facet's options; `more` when options beyond the top ones exist."""

    options: list[FacetOption]
    more: bool = False

    def __iter__(self):
        return iter(self.options)

    def __len__(self):
        return len(self.options)


def _without(data, name: str):
    rest = data.copy()
    for key in (name, "page", "ordering"):
        rest.pop(key, None)
    return rest


def _choice_options(name, matching, selected) -> FacetOptions:
    rows = (
        CaseStudy.objects.filter(pk__in=matching)
        .values_list(name)
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict(rows)
    choices = Region.choices if name == "region" else Outcome.choices
    return FacetOptions(
        [
            FacetOption(value, str(label), counts.get(value, 0), value in selected)
            for value, label in choices
            if counts.get(value) or value in selected
        ]
    )


def _related_options(name, matching, selected) -> FacetOptions:
    """The top options by count (selected ones first), in one grouped query."""
    if name == "actor":
        links = Participation.objects.filter(case_study__in=matching)
        slug, label, case = "actor__slug", "actor__name", "case_study"
        count = Count(case, distinct=True)
    else:
        links = CaseStudy.topics.through.objects.filter(
            casestudy__in=matching, topic__in=Topic.objects.published()
        )
        slug, label, case = "topic__slug", "topic__title", "casestudy"
        count = Count(case)
    limit = FACET_TOP + len(selected)
    rows = list(
        links.values_list(slug, label)
        .annotate(
            n=count,
            chosen=Max(Case(When(**{f"{slug}__in": selected}, then=1), default=0)),
        )
        .order_by("-chosen", "-n", label)[: limit + 1]
    )
    options = [
        FacetOption(value, text, n, value in selected) for value, text, n, _ in rows
    ]
    more = len(options) > limit
    options = options[:limit]
    missing = set(selected) - {o.value for o in options}
    if missing:
        # Selected options no case matches any more stay, so they can be removed.
        related = Actor.objects.all() if name == "actor" else Topic.objects.published()
        options += [
            FacetOption(row.slug, str(row), 0, True)
            for row in related.filter(slug__in=missing).order_by("slug")
        ]
    return FacetOptions(options, more)


def _facet_counts(data, queryset) -> dict[str, FacetOptions]:
    facets = {}
    for name in FACETS:
        filterset = CaseStudyFilterSet(_without(data, name), queryset=queryset)
        matching = filterset.qs.order_by().values("pk")
        selected = listed(data.get(name))
        if name in ("region", "outcome"):
            facets[name] = _choice_options(name, matching, set(selected))
        else:
            facets[name] = _related_options(name, matching, selected)
    return facets


def facet_counts(data, queryset) -> dict[str, FacetOptions]:
    """Options of each facet with counts under the current filter minus that facet.

    `queryset` must hold only published case studies; one grouped query per
    facet, cached until the content changes. Actors and topics show the top
    FACET_TOP options by count, the selected ones first.
    """
    key = sorted((k, v) for k, v in data.lists() if k not in ("page", "ordering"))
    return count_cache.cached("facets", lambda: _facet_counts(data, queryset), key)
