from django.contrib import admin
from django.urls import include, path

from .views import HomeView

admin.site.site_header = "Milidip curation"
admin.site.site_title = "Milidip admin"
admin.site.index_title = "Curate the knowledge base"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("topics.urls")),
    path("", include("casestudies.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("milidip_site.api.urls")),
]
