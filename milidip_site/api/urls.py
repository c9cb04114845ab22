"""``/api/``: version 1 of the API, its OpenAPI schema and the documentation pages."""

from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.routers import DefaultRouter

from casestudies.api import ActorViewSet, CaseStudyViewSet
from topics.api import CitationViewSet, SourceViewSet, TopicViewSet

from .problems import not_found

app_name = "api"

router = DefaultRouter()
router.register("topics", TopicViewSet, basename="topic")
router.register("case-studies", CaseStudyViewSet, basename="casestudy")
router.register("sources", SourceViewSet, basename="source")
router.register("actors", ActorViewSet, basename="actor")
router.register("citations", CitationViewSet, basename="citation")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(
            url_name="api:schema", template_name="api/redoc.html"
        ),
        name="redoc",
    ),
    re_path(r"^", not_found),
]
