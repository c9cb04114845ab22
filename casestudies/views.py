from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from topics.models import Citation, Topic

from .models import Actor, CaseStudy


class CaseStudyListView(ListView):
    context_object_name = "case_studies"
    paginate_by = 20

    def get_queryset(self):
        return CaseStudy.objects.published()


class CaseStudyDetailView(DetailView):
    context_object_name = "case_study"

    def get_queryset(self):
        return CaseStudy.objects.visible_to(self.request.user).prefetch_related(
            "participations__actor",
            Prefetch("topics", queryset=Topic.objects.published()),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )


class ActorDetailView(DetailView):
    context_object_name = "actor"

    def get_queryset(self):
        return Actor.objects.prefetch_related(
            Prefetch("case_studies", queryset=CaseStudy.objects.published().distinct())
        )
