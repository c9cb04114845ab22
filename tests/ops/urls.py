"""The site's URLs plus views that misbehave on purpose, for the fault tests."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from milidip_site.urls import handler500
from milidip_site.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def write_session(request):
    request.session["seen"] = True  # saved by the session middleware, after the view
    return HttpResponse("ok")


def slow_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    return HttpResponse("finished")


urlpatterns = [
    path("_ops/write-session/", write_session),
    path("_ops/slow-query/", slow_query),
    *site_urlpatterns,
]
