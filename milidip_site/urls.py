from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from casestudies.views import CaseStudyPreviewView
from topics.views import TopicPreviewView

from . import health
from .feeds import CaseStudyFeed, TopicFeed
from .sitemaps import SITEMAPS
from .views import HomeView, MethodologyView, favicon, robots_txt

admin.site.site_header = f"{settings.SITE_NAME} curation"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Curate the knowledge base"

preview_patterns = [
    path("topics/<slug:slug>/", TopicPreviewView.as_view(), name="topic"),
    path("case-studies/<slug:slug>/", CaseStudyPreviewView.as_view(), name="casestudy"),
]
handler400 = "milidip_site.errors.bad_request"
handler500 = "milidip_site.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", HomeView.as_view(), name="home"),
    path("", include("topics.urls")),
    path("", include("casestudies.urls")),
    path("", include("releases.urls")),
    path("feeds/case-studies/", CaseStudyFeed(), name="feed-case-studies"),
    path("feeds/topics/", TopicFeed(), name="feed-topics"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("methodology/", MethodologyView.as_view(), name="methodology"),
    path("search/", include("search.urls")),
    path("preview/", include((preview_patterns, "preview"))),
    path("admin/", admin.site.urls),
    path("api/", include("milidip_site.api.urls")),
]
