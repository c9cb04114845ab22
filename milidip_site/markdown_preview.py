"""A server-rendered preview beside each Markdown body in the admin.

The widget is a textarea with a "Preview" button and a pane; its script
(static/js/markdown-preview.js) posts the text to `preview_view`, which renders
it with the site's own renderer (milidip_site/markdown.py: sanitized) for staff
who may edit some publishable model. Nothing is saved.
"""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import reverse

from editorial.models import Publishable
from editorial.permissions import may_change

from .markdown import render_markdown

MAX_PREVIEW_CHARS = 100_000


class MarkdownPreviewTextarea(AdminTextareaWidget):
    """The admin's textarea, with the preview button and pane beside it."""

    class Media:
        css = {"all": ["css/markdown-preview.css"]}
        js = ["js/markdown-preview.js"]

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        return render_to_string(
            "admin/widgets/markdown_preview.html",
            {"textarea": textarea, "preview_url": reverse("admin:markdown_preview")},
        )


def preview_view(request, models) -> HttpResponse:
    """POST `text`: its rendering as an HTML fragment (400 if too long)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not any(
        may_change(request.user, model)
        for model in models
        if issubclass(model, Publishable)
    ):
        raise PermissionDenied
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_CHARS:
        return HttpResponseBadRequest(
            f"The text is too long to preview ({len(text):,} characters; "
            f"at most {MAX_PREVIEW_CHARS:,}).",
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        render_markdown(text), content_type="text/html; charset=utf-8"
    )
    response["X-Robots-Tag"] = "noindex"
    return response
