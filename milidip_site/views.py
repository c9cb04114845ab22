from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from casestudies.models import Actor, CaseStudy
from casestudies.selectors import with_listing_relations
from topics.models import Source, Topic
from topics.selectors import published_subtree_case_study_count

from . import structured_data

FEATURED_TOPICS = 6
LATEST_CASE_STUDIES = 6


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published_cases = CaseStudy.objects.published()
        context["topics"] = (
            Topic.objects.published()
            .roots()
            .annotate(case_study_count=published_subtree_case_study_count())[
                :FEATURED_TOPICS
            ]
        )
        context["case_studies"] = with_listing_relations(
            published_cases.order_by("-publish_at", "-pk")
        )[:LATEST_CASE_STUDIES]
        context["counts"] = {
            "topics": Topic.objects.published().count(),
            "case_studies": published_cases.count(),
            "actors": Actor.objects.filter(case_studies__in=published_cases).aggregate(
                n=Count("pk", distinct=True)
            )["n"],
            "sources": Source.objects.count(),
        }
        context["json_ld"] = structured_data.json_ld(
            structured_data.website(
                url=self.request.build_absolute_uri(reverse("home")),
                search_url=self.request.build_absolute_uri("/search/"),
            )
        )
        return context


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
