"""sitemap.xml: the reader pages and every published topic and case study."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from casestudies.models import Actor, CaseStudy
from topics.models import Source, Topic


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "topics:list",
            "casestudies:list",
            "casestudies:timeline",
            "topics:source-list",
            "casestudies:actor-list",
            "methodology",
        ]

    def location(self, item):
        return reverse(item)


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class CaseStudySitemap(Sitemap):
    def items(self):
        return CaseStudy.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ActorSitemap(Sitemap):
    """Actors that take part in at least one published case study."""

    def items(self):
        return (
            Actor.objects.filter(case_studies__in=CaseStudy.objects.published())
            .distinct()
            .order_by("pk")
        )


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "topics": TopicSitemap,
    "case-studies": CaseStudySitemap,
    "actors": ActorSitemap,
    "sources": SourceSitemap,
}
