from django.views.generic import DetailView, ListView, TemplateView

from milidip_site.citing import CitablePageMixin, CitationDownloadView
from milidip_site.drafts import DraftAwareDetailMixin

from .facets import FACET_LABELS, facet_links
from .filters import CaseStudyFilterSet, facet_counts
from .models import Actor, CaseStudy
from .selectors import (
    actor_participations,
    load_detail_relations,
    related_case_studies,
    timeline,
    with_detail_relations,
    with_listing_relations,
)


class CaseStudyListView(ListView):
    """Case studies with facets; the query parameters are the API list's."""

    context_object_name = "case_studies"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = CaseStudyFilterSet(
            self.request.GET, queryset=CaseStudy.objects.published()
        )
        return with_listing_relations(self.filterset.qs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A refused value (say a q over the length limit) is kept out of the links;
        # facets drop their own unknown values one by one.
        data = self.request.GET.copy()
        for name in self.filterset.errors:
            if name not in FACET_LABELS:
                data.pop(name, None)
        counts = facet_counts(data, CaseStudy.objects.published())
        context["filter"] = self.filterset
        context["facets"] = facet_links(data, counts)
        context["is_filtered"] = any(
            self.request.GET.get(name) for name in self.filterset.filters
        )
        return context


class CaseStudyDetailView(DraftAwareDetailMixin, CitablePageMixin, DetailView):
    model = CaseStudy
    context_object_name = "case_study"

    def get_queryset(self):
        return with_detail_relations(self.rows())

    def get_context_data(self, **kwargs):
        load_detail_relations(case_study=self.object)
        context = super().get_context_data(**kwargs)
        context["related_case_studies"] = related_case_studies(case_study=self.object)
        return context

    def get_about(self):
        return [topic.title for topic in self.object.topics.all()]


class CaseStudyCitationDownloadView(CitationDownloadView):
    model = CaseStudy


class ActorDetailView(DetailView):
    context_object_name = "actor"

    def get_queryset(self):
        return Actor.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participations"] = actor_participations(actor=self.object)
        return context


class TimelineView(TemplateView):
    template_name = "casestudies/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["eras"] = timeline()
        return context
