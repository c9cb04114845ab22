from django.urls import path

from . import views
from .feeds import CorrectionFeed

app_name = "topics"

urlpatterns = [
    path("topics/", views.TopicListView.as_view(), name="list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="detail"),
    path(
        "topics/<slug:slug>/cite/<slug:format>/",
        views.TopicCitationDownloadView.as_view(),
        name="cite",
    ),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", CorrectionFeed(), name="corrections-feed"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path(
        "sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"
    ),
]
