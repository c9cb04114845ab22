"""Preview: editors see any topic or case study exactly as readers would.

The preview reuses the public detail views and templates, widened to every row,
behind login and the model's change permission. It is marked as a preview,
never stored by shared caches and never indexed.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import path, reverse_lazy
from django.utils.cache import patch_cache_control

from casestudies.models import CaseStudy
from casestudies.views import CaseStudyDetailView
from topics.models import Topic
from topics.views import TopicDetailView


class PreviewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    login_url = reverse_lazy("admin:login")

    def get_permission_required(self):
        opts = self.model._meta
        return [f"{opts.app_label}.change_{opts.model_name}"]

    def rows(self):
        return self.model.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, preview=True)

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class TopicPreviewView(PreviewMixin, TopicDetailView):
    model = Topic


class CaseStudyPreviewView(PreviewMixin, CaseStudyDetailView):
    model = CaseStudy


app_name = "preview"
urlpatterns = [
    path("topics/<slug:slug>/", TopicPreviewView.as_view(), name="topic"),
    path("case-studies/<slug:slug>/", CaseStudyPreviewView.as_view(), name="casestudy"),
]
