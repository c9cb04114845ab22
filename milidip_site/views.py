import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import TemplateView

from casestudies.models import Actor, CaseStudy
from casestudies.selectors import with_listing_relations
from topics.models import Source, Topic
from topics.selectors import published_subtree_case_study_count

from . import count_cache, structured_data

FEATURED_TOPICS = 6
LATEST_CASE_STUDIES = 6


def featured_topics() -> list[Topic]:
    """The first top-level topics, with their subtree's published case studies."""
    return list(
        Topic.objects.published()
        .roots()
        .with_provenance()
        .annotate(case_study_count=published_subtree_case_study_count())[
            :FEATURED_TOPICS
        ]
    )


def knowledge_base_counts() -> dict[str, int]:
    published_cases = CaseStudy.objects.published()
    return {
        "topics": Topic.objects.published().count(),
        "case_studies": published_cases.count(),
        "actors": Actor.objects.filter(
            Exists(published_cases.filter(participations__actor=OuterRef("pk")))
        ).count(),
        "sources": Source.objects.count(),
    }


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published_cases = CaseStudy.objects.published()
        # Counting the whole knowledge base scans it: once per content change.
        context["topics"] = count_cache.cached("home-topics", featured_topics)
        context["case_studies"] = with_listing_relations(
            published_cases.order_by("-publish_at", "-pk")
        )[:LATEST_CASE_STUDIES]
        context["counts"] = count_cache.cached("home-counts", knowledge_base_counts)
        context["json_ld"] = structured_data.json_ld(
            structured_data.website(
                url=self.request.build_absolute_uri(reverse("home")),
                search_url=self.request.build_absolute_uri("/search/"),
            )
        )
        return context


class MethodologyView(TemplateView):
    """What Milidip is, what its labels and ratings mean, how to report an error."""

    template_name = "methodology.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, contact_email=settings.MILIDIP_CONTACT_EMAIL
        )


@functools.cache
def _favicon_bytes() -> bytes:
    return Path(finders.find("favicon.ico")).read_bytes()


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links."""
    return HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")


# Filtered and sorted lists are not indexed (their canonical is the plain list);
# crawlers need not follow the endless combinations of filters either.
FILTER_PARAMETERS = {
    "/case-studies/": (
        "q",
        "region",
        "actor",
        "topic",
        "outcome",
        "year_from",
        "year_to",
        "ordering",
    ),
    "/actors/": ("q", "kind", "ordering"),
    "/sources/": ("q", "reliability", "kind", "ordering"),
}


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        *(
            f"Disallow: {path}*?*{name}="
            for path, names in FILTER_PARAMETERS.items()
            for name in names
        ),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
