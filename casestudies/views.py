from dataclasses import dataclass
from urllib.parse import urlencode

from django.views.generic import DetailView, ListView

from editorial.preview import DraftAwareDetailMixin, PreviewMixin
from milidip_site import capped_counts
from milidip_site.count_cache import CachedCountPaginator
from milidip_site.filters import FilteredListMixin, listed
from topics.citing import CitablePageMixin, CitationDownloadView

from .facets import facet_links
from .filters import FACETS, ActorFilterSet, CaseStudyFilterSet, facet_counts
from .models import Actor, ActorKind, CaseStudy
from .selectors import (
    actor_kind_counts,
    actor_participations,
    actors_for_listing,
    related_case_studies,
    with_detail_relations,
    with_listing_relations,
)
from .timeline import (
    ROWS_PER_PAGE,
    CountedPaginator,
    era_counts,
    group_by_era,
    timeline_rows,
)
from .world_map import case_study_map


class CaseStudyListView(FilteredListMixin, ListView):
    """Case studies with facets; the query parameters are the API list's."""

    context_object_name = "case_studies"
    paginate_by = 20
    paginator_class = CachedCountPaginator
    filterset_class = CaseStudyFilterSet

    def get_queryset(self):
        return self.filter_rows(CaseStudy.objects.published())

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        # Provenance and relations for the page's rows only, not for every match.
        ordering = queryset.query.order_by or CaseStudy._meta.ordering
        page.object_list = with_listing_relations(
            CaseStudy.objects.filter(pk__in=rows.values("pk")).order_by(*ordering)
        )
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A refused value (say a q over the length limit) is kept out of the links;
        # facets drop their own unknown values one by one.
        data = self.request.GET.copy()
        for name in self.filterset.errors:
            if name not in FACETS:
                data.pop(name, None)
        counts = facet_counts(data, CaseStudy.objects.published())
        context["facets"] = facet_links(data, counts)
        # The map counts every published case study: shown where the list does too.
        page = context.get("page_obj")
        if not context["is_filtered"] and (page is None or page.number == 1):
            context["world_map"] = case_study_map()
        return context


class CaseStudyDetailView(DraftAwareDetailMixin, CitablePageMixin, DetailView):
    model = CaseStudy
    context_object_name = "case_study"
    redirect_old_slugs = True

    def get_queryset(self):
        return with_detail_relations(self.rows(), user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_case_studies"] = related_case_studies(case_study=self.object)
        return context

    def get_about(self):
        return [topic.title for topic in self.object.topics.all()]


class CaseStudyPreviewView(PreviewMixin, CaseStudyDetailView):
    pass


class CaseStudyCitationDownloadView(CitationDownloadView):
    model = CaseStudy
    redirect_old_slugs = True


@dataclass(frozen=True)
class KindLink:
    label: str
    count: int
    selected: bool
    url: str


class ActorListView(FilteredListMixin, ListView):
    """Actors of published case studies, by kind and name; the API's parameters."""

    context_object_name = "actors"
    paginate_by = 50
    paginator_class = CachedCountPaginator
    filterset_class = ActorFilterSet
    template_name = "casestudies/actor_list.html"

    def get_queryset(self):
        return self.filter_rows(actors_for_listing())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors = self.filterset.errors
        q = "" if "q" in errors else self.request.GET.get("q", "").strip()
        current = [] if "kind" in errors else listed(self.request.GET.get("kind"))
        search = {"q": q} if q else {}
        # Counts leave the kind filter out, so that every kind stays reachable.
        matching = ActorFilterSet(search, queryset=actors_for_listing()).qs
        counts = actor_kind_counts(matching)
        context["kinds"] = [
            KindLink(
                label=str(label),
                count=counts.get(value, 0),
                selected=value in current,
                url="?" + urlencode({**search, "kind": value}),
            )
            for value, label in ActorKind.choices
            if counts.get(value) or value in current
        ]
        context["all_kinds_url"] = "?" + urlencode(search)
        context["case_study_count_cap"] = capped_counts.CAP
        context["kind_selected"] = bool(current)
        return context


class ActorDetailView(DetailView):
    """An actor and its roles, a page at a time: some take part in thousands."""

    context_object_name = "actor"
    paginate_by = 50

    def get_queryset(self):
        return Actor.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = actor_participations(user=self.request.user).filter(actor=self.object)
        paginator = CachedCountPaginator(roles, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            participations=page.object_list, page_obj=page, paginator=paginator
        )
        context["world_map"] = case_study_map(
            CaseStudy.objects.published().filter(participations__actor=self.object)
        )
        return context


class TimelineView(ListView):
    """Published case studies as bars by era, a page of rows at a time.

    Two queries whatever the number of case studies: the count per era (which
    also gives the paginator its count) and the rows of the page.
    """

    template_name = "casestudies/timeline.html"
    paginate_by = ROWS_PER_PAGE
    paginator_class = CountedPaginator
    context_object_name = "case_studies"

    def get_queryset(self):
        return timeline_rows()

    def get_paginator(self, queryset, per_page, **kwargs):
        self.era_counts = era_counts(queryset)
        total = sum(era.count for era in self.era_counts)
        return self.paginator_class(queryset, per_page, count=total, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["era_counts"] = self.era_counts
        context["eras"] = group_by_era(context["case_studies"])
        return context
