"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from milidip_site.urls import handler400, handler500
from milidip_site.urls import urlpatterns as site_urls

__all__ = ["handler400", "handler500", "urlpatterns"]


def fail(request):
    raise RuntimeError("this view always fails")


urlpatterns = [path("failing/", fail), *site_urls]
