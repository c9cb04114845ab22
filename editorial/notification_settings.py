"""Each staff member switches the workflow's emails on or off for themself."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import NotificationPreference


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_notifications"]


def notification_settings_view(request, admin_site):
    """The signed-in user's own preference; wrap it in `admin_site.admin_view`."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    preference = preference or NotificationPreference(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, instance=preference)
    if form.is_bound and form.is_valid():
        form.save()
        state = "on" if preference.email_notifications else "off"
        messages.success(request, f"Workflow emails are {state}.")
        return HttpResponseRedirect(
            reverse("admin:notification_settings", current_app=admin_site.name)
        )
    context = {
        **admin_site.each_context(request),
        "title": "Notification settings",
        "form": form,
        "has_email": bool(request.user.email),
    }
    return TemplateResponse(request, "admin/notification_settings.html", context)
