"""The sitemap index (/sitemap.xml) and its sections, a few thousand URLs a page.

Every section counts its rows once per content change (the index lists its
pages) and reads one page of rows per request, so no request walks the whole
knowledge base. The sitemaps protocol allows 50,000 URLs a page; smaller pages
keep each answer quick.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from casestudies.models import Actor, CaseStudy
from topics.models import Source, Topic

from . import count_cache

URLS_PER_PAGE = 2_000


class PagedSitemap(Sitemap):
    """A section whose size and latest change are cached, not recounted per page."""

    limit = URLS_PER_PAGE
    lastmod_field = None

    @property
    def paginator(self):
        return count_cache.CachedCountPaginator(self._items(), self.limit)

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None

    def get_latest_lastmod(self):
        if not self.lastmod_field:
            return None
        return count_cache.cached(
            "sitemap-lastmod",
            lambda: self.items().aggregate(latest=Max(self.lastmod_field))["latest"],
            type(self).__name__,
        )


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


class TopicSitemap(PagedSitemap):
    lastmod_field = "updated_at"

    def items(self):
        return Topic.objects.published().order_by("pk")


class CaseStudySitemap(PagedSitemap):
    lastmod_field = "updated_at"

    def items(self):
        return CaseStudy.objects.published().order_by("pk")


class ActorSitemap(PagedSitemap):
    """Actors that take part in at least one published case study."""

    def items(self):
        takes_part = CaseStudy.objects.published().filter(
            participations__actor=OuterRef("pk")
        )
        return Actor.objects.filter(Exists(takes_part)).order_by("pk")


class SourceSitemap(PagedSitemap):
    lastmod_field = "updated_at"

    def items(self):
        return Source.objects.order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "topics": TopicSitemap,
    "case-studies": CaseStudySitemap,
    "actors": ActorSitemap,
    "sources": SourceSitemap,
}
