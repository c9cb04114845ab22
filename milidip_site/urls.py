from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from .feeds import CaseStudyFeed, TopicFeed
from .sitemaps import SITEMAPS
from .views import HomeView, robots_txt

handler400 = "milidip_site.errors.bad_request"
handler500 = "milidip_site.errors.server_error"

admin.site.site_header = "Milidip curation"
admin.site.site_title = "Milidip admin"
admin.site.index_title = "Curate the knowledge base"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("topics.urls")),
    path("", include("casestudies.urls")),
    path("feeds/case-studies/", CaseStudyFeed(), name="feed-case-studies"),
    path("feeds/topics/", TopicFeed(), name="feed-topics"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("search/", include("milidip_site.search.urls")),
    path("preview/", include("milidip_site.preview")),
    path("admin/", admin.site.urls),
    path("api/", include("milidip_site.api.urls")),
]
