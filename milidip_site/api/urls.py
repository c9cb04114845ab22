"""``/api/``: version 1 of the API, its OpenAPI schema and the documentation pages."""

from csp.constants import NONCE
from csp.decorators import csp_update
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

# The documentation pages run the site's policy, plus their own nonce'd inline
# style and script (the rest of the site has none).
with_nonces = csp_update({"script-src": [NONCE], "style-src": [NONCE]})
# ReDoc (drf-spectacular-sidecar's bundle) also inserts two fixed style elements
# before it reads the nonce (one empty), and runs its search index in a worker
# made from a blob: URL. tests/browser/test_api_docs.py fails if that changes.
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]
redoc_policy = csp_update(
    {
        "script-src": [NONCE],
        "style-src": [NONCE, *REDOC_STYLE_HASHES],
        "worker-src": ["blob:"],
    }
)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        with_nonces(
            SpectacularSwaggerView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    path(
        "redoc/",
        redoc_policy(
            SpectacularRedocView.as_view(
                url_name="api:schema", template_name="api/redoc.html"
            )
        ),
        name="redoc",
    ),
    re_path(r"^", not_found),
]
