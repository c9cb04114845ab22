from django.views.generic import TemplateView

from casestudies.models import CaseStudy
from topics.models import Topic


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = Topic.objects.published().roots()
        context["case_studies"] = CaseStudy.objects.published().order_by("-publish_at")[
            :6
        ]
        return context
