"""The admin site: an index that shows the state of the knowledge base at a glance."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_otp import user_has_device

from editorial.inbox import inbox
from editorial.notification_settings import notification_settings_view
from topics.verification_queue import (
    PAGE_SIZE,
    provenance_counts,
    queue_groups,
    source_link_problems,
)

from .markdown_preview import preview_view
from .two_factor import LoginForm, SetupView, two_factor_missing


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
    login_form = LoginForm
    login_template = "admin/milidip_login.html"
    # The index lists every model; the sidebar's copy squeezed the change lists.
    enable_nav_sidebar = False

    def has_permission(self, request):
        # See two_factor.py: with DJANGO_REQUIRE_2FA, reviewers need a code.
        return super().has_permission(request) and not two_factor_missing(request)

    def login(self, request, extra_context=None):
        if two_factor_missing(request) and super().has_permission(request):
            if not user_has_device(request.user, confirmed=True):
                return HttpResponseRedirect(
                    reverse("admin:two_factor_setup", current_app=self.name)
                )
            extra_context = {**(extra_context or {}), "two_factor_needed": True}
        return super().login(request, extra_context)

    def get_urls(self):
        return [
            path("two-factor/", SetupView(self), name="two_factor_setup"),
            path(
                "verification-queue/",
                self.admin_view(self.verification_queue_view),
                name="verification_queue",
            ),
            path(
                "markdown-preview/",
                self.admin_view(
                    lambda request: preview_view(request, list(self._registry))
                ),
                name="markdown_preview",
            ),
            path(
                "notification-settings/",
                self.admin_view(
                    lambda request: notification_settings_view(request, self)
                ),
                name="notification_settings",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        if may_review_provenance(request.user):
            extra_context["provenance_counts"] = provenance_counts()
        extra_context["inbox"] = inbox(request.user, list(self._registry))
        return super().index(request, extra_context)

    def verification_queue_view(self, request):
        if not may_review_provenance(request.user):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": "Verification queue",
            "groups": queue_groups(request.GET),
            "page_size": PAGE_SIZE,
            "source_links": source_link_problems(),
        }
        return TemplateResponse(request, "admin/verification_queue.html", context)
