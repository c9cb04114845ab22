"""Two-factor login for the admin (django-otp, TOTP authenticator apps).

Anyone on the staff may set up an authenticator app at /admin/two-factor/; from
then on their login asks for its code. With DJANGO_REQUIRE_2FA=1, reviewers
(whoever may publish) and superusers must: until their session is verified by
a code the admin refuses them, and sends those without an app to the set-up
page.
"""

import base64
import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

DEVICE_NAME = "Authenticator app"


def needs_two_factor(user) -> bool:
    """Reviewers and superusers: those who can publish or change anything."""
    return bool(
        user.is_superuser
        or user.groups.filter(name="Reviewers").exists()
        or user.has_perm("topics.publish_topic")
        or user.has_perm("casestudies.publish_casestudy")
    )


def two_factor_missing(request) -> bool:
    user = request.user
    return bool(
        settings.REQUIRE_2FA
        and user.is_authenticated
        and needs_two_factor(user)
        and not user.is_verified()
    )


class LoginForm(OTPAdminAuthenticationForm):
    """Password, then the authenticator code for users who have set one up."""

    otp_token = forms.CharField(
        required=False,
        label="Two-factor code",
        help_text="The 6-digit code from your authenticator app, if you set one up.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": "Enter the 6-digit code from your authenticator app.",
        "invalid_token": "That code is not right, or was already used; "
        "enter the current code from your authenticator app.",
    }

    def _chosen_device(self, user):
        # The form shows no device list: each user has one authenticator app.
        device = super()._chosen_device(user)
        if device is None:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        return device

    def clean(self):
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return self.cleaned_data


def _qr_svg(url: str) -> str:
    out = io.BytesIO()
    write_qrcode_image(url, out)
    svg = out.getvalue().decode()
    return svg[svg.find("<svg") :]


@method_decorator(csrf_protect, name="__call__")
@method_decorator(never_cache, name="__call__")
class SetupView:
    """Set up an authenticator app: scan the code (or type the key), confirm a code."""

    def __init__(self, admin_site):
        self.admin_site = admin_site

    def __call__(self, request):
        user = request.user
        if not (user.is_active and user.is_staff):
            login_url = reverse("admin:login", current_app=self.admin_site.name)
            return HttpResponseRedirect(
                f"{login_url}?{REDIRECT_FIELD_NAME}={request.get_full_path()}"
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Two-factor login",
            "required": settings.REQUIRE_2FA and needs_two_factor(user),
        }
        confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if confirmed is not None:
            context["device"] = confirmed
            return TemplateResponse(request, "admin/two_factor_setup.html", context)

        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=DEVICE_NAME, confirmed=False
            )
        error = None
        if request.method == "POST":
            token = request.POST.get("otp_token", "").strip().replace(" ", "")
            if token.isdigit() and device.verify_token(token):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                messages.success(
                    request,
                    "Two-factor login is set up: from now on, log in with your "
                    "password and a code from your authenticator app.",
                )
                return HttpResponseRedirect(
                    reverse("admin:index", current_app=self.admin_site.name)
                )
            error = "That code is not right; enter the current code from your app."
        context.update(
            {
                "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - made here
                "key": base64.b32encode(device.bin_key).decode(),
                "error": error,
            }
        )
        return TemplateResponse(request, "admin/two_factor_setup.html", context)
