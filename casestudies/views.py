from django.views.generic import DetailView, ListView, TemplateView

from editorial.preview import DraftAwareDetailMixin, PreviewMixin
from milidip_site.filters import FilteredListMixin
from topics.citing import CitablePageMixin, CitationDownloadView

from .facets import facet_links
from .filters import FACETS, CaseStudyFilterSet, facet_counts
from .models import Actor, CaseStudy
from .selectors import (
    related_case_studies,
    timeline,
    with_detail_relations,
    with_listing_relations,
    with_participations,
)


class CaseStudyListView(FilteredListMixin, ListView):
    """Case studies with facets; the query parameters are the API list's."""

    context_object_name = "case_studies"
    paginate_by = 20
    filterset_class = CaseStudyFilterSet

    def get_queryset(self):
        return with_listing_relations(self.filter_rows(CaseStudy.objects.published()))

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
        context["is_filtered"] = any(
            self.request.GET.get(name) for name in self.filterset.filters
        )
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


class ActorDetailView(DetailView):
    context_object_name = "actor"

    def get_queryset(self):
        return with_participations(Actor.objects.all(), user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participations"] = self.object.participations.all()
        return context


class TimelineView(TemplateView):
    template_name = "casestudies/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["eras"] = timeline()
        return context
