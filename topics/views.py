from django.views.generic import DetailView, ListView, TemplateView

from editorial.preview import DraftAwareDetailMixin, PreviewMixin
from milidip_site import capped_counts, count_cache
from milidip_site.filters import FilteredListMixin
from topics.citing import CitablePageMixin, CitationDownloadView

from .corrections import published_corrections, with_authorities
from .filters import SourceFilterSet
from .models import Reliability, Source, Topic
from .selectors import (
    breadcrumbs,
    public_citations_of,
    sources_for_listing,
    subtree_case_studies,
    topic_tree,
    with_detail_relations,
)

# A topic page lists this many case studies of its subtree, then links to all.
TOPIC_CASE_STUDIES = 20
# Where a source is cited, this many citations a page.
SOURCE_CITATIONS_PER_PAGE = 50


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
        return with_detail_relations(
            self.rows(), user=self.request.user, case_studies=False
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["breadcrumbs"] = breadcrumbs(topic=self.object, user=user)
        # A broad topic gathers thousands of cases: the first ones and the total.
        cases = subtree_case_studies(topic=self.object, user=user)
        context["case_studies"] = list(cases[:TOPIC_CASE_STUDIES])
        context["case_study_total"] = count_cache.cached_count(cases)
        return context


class TopicPreviewView(PreviewMixin, TopicDetailView):
    pass


class TopicCitationDownloadView(CitationDownloadView):
    model = Topic
    redirect_old_slugs = True


class SourceListView(FilteredListMixin, ListView):
    """All sources, filterable with the same parameters as the API's source list."""

    context_object_name = "sources"
    paginate_by = 50
    paginator_class = count_cache.CachedCountPaginator
    filterset_class = SourceFilterSet

    def get_queryset(self):
        return self.filter_rows(sources_for_listing())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["citation_count_cap"] = capped_counts.CAP
        context["reliabilities"] = Reliability.choices
        context["current_reliability"] = self.request.GET.get("reliability", "")
        return context


class SourceDetailView(DetailView):
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = count_cache.CachedCountPaginator(
            public_citations_of(source=self.object), SOURCE_CITATIONS_PER_PAGE
        )
        page = paginator.get_page(self.request.GET.get("page"))
        citations = list(page.object_list)
        context.update(
            page_obj=page,
            paginator=paginator,
            topic_citations=[c for c in citations if c.topic_id],
            case_study_citations=[c for c in citations if c.case_study_id],
        )
        return context


class CorrectionListView(ListView):
    """Every published correction, newest first (three queries a page)."""

    template_name = "topics/correction_list.html"
    context_object_name = "disputed"
    paginate_by = 20

    def get_queryset(self):
        return published_corrections()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["corrections"] = with_authorities(list(context["disputed"]))
        return context
