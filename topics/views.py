from django.views.generic import DetailView, ListView, TemplateView

from editorial.preview import DraftAwareDetailMixin, PreviewMixin
from topics.citing import CitablePageMixin, CitationDownloadView

from .filters import SourceFilterSet
from .models import Reliability, Source, Topic
from .selectors import (
    breadcrumbs,
    public_citations_of,
    sources_for_listing,
    topic_tree,
    with_detail_relations,
)


class TopicListView(TemplateView):
    """The whole published topic tree on one page."""

    template_name = "topics/topic_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = topic_tree()
        return context


class TopicDetailView(DraftAwareDetailMixin, CitablePageMixin, DetailView):
    model = Topic
    context_object_name = "topic"
    redirect_old_slugs = True

    def get_queryset(self):
        return with_detail_relations(self.rows(), user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = breadcrumbs(topic=self.object, user=self.request.user)
        return context


class TopicPreviewView(PreviewMixin, TopicDetailView):
    pass


class TopicCitationDownloadView(CitationDownloadView):
    model = Topic
    redirect_old_slugs = True


class SourceListView(ListView):
    """All sources, filterable with the same parameters as the API's source list."""

    context_object_name = "sources"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = SourceFilterSet(
            self.request.GET, queryset=sources_for_listing()
        )
        # Plain labels for the error messages readers see.
        for name in ("kind", "reliability"):
            self.filterset.form.fields[name].label = name.capitalize()
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["reliabilities"] = Reliability.choices
        context["current_reliability"] = self.request.GET.get("reliability", "")
        return context


class SourceDetailView(DetailView):
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = public_citations_of(source=self.object)
        context["topic_citations"] = [c for c in citations if c.topic_id]
        context["case_study_citations"] = [c for c in citations if c.case_study_id]
        return context
