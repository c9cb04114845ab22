"""API tokens in the admin: each staff member creates, lists and revokes their own.

A token is shown once, on the page that answers its creation; the database
keeps only its hash (django-rest-knox). Superusers see every token, so they
can revoke anyone's.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone
from knox.models import AuthToken, get_digest_token
from knox.settings import CONSTANTS

MAX_DAYS = 365


class TokenCreateForm(forms.ModelForm):
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=MAX_DAYS,
        help_text="The token stops working after this many days.",
    )

    class Meta:
        model = AuthToken
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_TTL_DAYS


def issue_token(user, days: int | None = None) -> tuple[AuthToken, str]:
    """A new token for `user`: the stored row and the plain token (shown once)."""
    days = settings.API_TOKEN_TTL_DAYS if days is None else days
    instance, token = AuthToken.objects.create(user=user, expiry=timedelta(days=days))
    return instance, token


class AuthTokenAdmin(admin.ModelAdmin):
    form = TokenCreateForm
    list_display = ["token_key", "user", "created", "expiry", "expired"]
    list_select_related = ["user"]
    ordering = ["-created"]
    actions = ["delete_selected"]

    @admin.display(description="Identifier")
    def token_key(self, obj):
        return f"{obj.token_key}…"

    @admin.display(boolean=True, description="expired")
    def expired(self, obj):
        return obj.expiry is not None and obj.expiry < timezone.now()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user=request.user)

    def _may_use(self, request, obj=None) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return obj is None or user.is_superuser or obj.user_id == user.pk

    def has_module_permission(self, request):
        return self._may_use(request)

    def has_view_permission(self, request, obj=None):
        return self._may_use(request, obj)

    def has_add_permission(self, request):
        return self._may_use(request)

    def has_change_permission(self, request, obj=None):
        return False  # a token is revoked and replaced, never edited

    def has_delete_permission(self, request, obj=None):
        return self._may_use(request, obj)

    def save_model(self, request, obj, form, change):
        digest, token = get_digest_token()
        obj.digest = digest
        obj.token_key = token[: CONSTANTS.TOKEN_KEY_LENGTH]
        obj.user = request.user
        obj.expiry = timezone.now() + timedelta(days=form.cleaned_data["days"])
        obj.save()
        obj.plain_token = token

    def response_add(self, request, obj, post_url_continue=None):
        # Rendered, never redirected: the token must not pass through a message
        # cookie or the session.
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": "Your new API token",
            "opts": opts,
            "token": obj.plain_token,
            "object": obj,
        }
        response = TemplateResponse(request, "admin/api_token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response


def register(site) -> None:
    """Replace knox's own AuthToken admin (which lists everyone's) with this one."""
    if site.is_registered(AuthToken):
        site.unregister(AuthToken)
    site.register(AuthToken, AuthTokenAdmin)
