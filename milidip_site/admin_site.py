"""The admin site: an index that shows the state of the knowledge base at a glance."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from topics.verification_queue import QUEUE_ROWS, provenance_counts, verification_queue


def may_review_provenance(user) -> bool:
    return user.is_active and all(
        user.has_perm(f"{app}.view_{model}")
        for app, model in [
            ("topics", "citation"),
            ("topics", "topic"),
            ("casestudies", "casestudy"),
        ]
    )


class MilidipAdminSite(admin.AdminSite):
    index_template = "admin/milidip_index.html"

    def get_urls(self):
        return [
            path(
                "verification-queue/",
                self.admin_view(self.verification_queue_view),
                name="verification_queue",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        if may_review_provenance(request.user):
            extra_context["provenance_counts"] = provenance_counts()
        return super().index(request, extra_context)

    def verification_queue_view(self, request):
        if not may_review_provenance(request.user):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": "Verification queue",
            "counts": provenance_counts(),
            "queue": verification_queue(),
            "queue_rows": QUEUE_ROWS,
        }
        return TemplateResponse(request, "admin/verification_queue.html", context)
