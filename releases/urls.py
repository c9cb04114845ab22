from django.urls import path

from . import views

app_name = "releases"

VERSION = "<str:version>"

urlpatterns = [
    path("data/", views.ReleaseListView.as_view(), name="list"),
    path(f"data/{VERSION}/", views.ReleaseDetailView.as_view(), name="detail"),
    path(f"data/{VERSION}/download/", views.download, name="download"),
    path(f"data/{VERSION}/cite/<slug:format>/", views.cite, name="cite"),
]
