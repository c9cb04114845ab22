from django.urls import path

from . import views

app_name = "casestudies"

urlpatterns = [
    path("case-studies/", views.CaseStudyListView.as_view(), name="list"),
    path(
        "case-studies/<slug:slug>/", views.CaseStudyDetailView.as_view(), name="detail"
    ),
    path(
        "case-studies/<slug:slug>/cite/<slug:format>/",
        views.CaseStudyCitationDownloadView.as_view(),
        name="cite",
    ),
    path("actors/", views.ActorListView.as_view(), name="actor-list"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
]
