from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from .models import Citation, Source, Topic


class TopicListView(ListView):
    context_object_name = "topics"
    template_name = "topics/topic_list.html"

    def get_queryset(self):
        return Topic.objects.published().select_related("parent")


class TopicDetailView(DetailView):
    context_object_name = "topic"

    def get_queryset(self):
        return (
            Topic.objects.visible_to(self.request.user)
            .select_related("parent__parent")
            .prefetch_related(
                Prefetch("children", queryset=Topic.objects.published()),
                Prefetch("related", queryset=Topic.objects.published()),
                Prefetch(
                    "citations", queryset=Citation.objects.select_related("source")
                ),
            )
        )


class SourceListView(ListView):
    context_object_name = "sources"
    paginate_by = 50

    def get_queryset(self):
        return Source.objects.all()


class SourceDetailView(DetailView):
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = self.object.citations.public().select_related("topic", "case_study")
        context["topic_citations"] = [c for c in citations if c.topic_id]
        context["case_study_citations"] = [c for c in citations if c.case_study_id]
        return context
