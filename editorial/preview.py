"""Staff see unpublished items exactly as readers will, never cached or indexed.

A published item with pending changes (editorial/drafts.py) is previewed with
those changes, applied in a savepoint that is rolled back once the page is
rendered. Two ways in, one behaviour: a draft opened at its public address by staff who
may change it (`DraftAwareDetailMixin`), and the login-only preview address
the admin links to (`PreviewMixin`). Both mark the page as a preview, forbid
shared caches from storing it and keep search engines out.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control

from . import drafts
from .permissions import may_change


def mark_as_preview(response):
    """No shared cache keeps this response and no search engine indexes it."""
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class DraftAwareDetailMixin:
    """Rows come from `rows()`: readers get published rows only, staff also drafts."""

    model = None

    def rows(self):
        return self.model.objects.visible_to(self.request.user)

    def is_preview(self) -> bool:
        return not self.object.is_published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_preview():
            context["preview"] = True
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return mark_as_preview(response) if context.get("preview") else response


class PreviewMixin(LoginRequiredMixin, PermissionRequiredMixin, DraftAwareDetailMixin):
    """The admin's preview address: every row, behind the change permission."""

    login_url = reverse_lazy("admin:login")
    redirect_old_slugs = False

    def has_permission(self):
        return may_change(self.request.user, self.model)

    def rows(self):
        return self.model.objects.all()

    def is_preview(self) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        return mark_as_preview(super().dispatch(request, *args, **kwargs))

    def get(self, request, *args, **kwargs):
        """A published item with pending changes is shown with those changes."""
        live = self.model._base_manager.filter(slug=kwargs.get("slug")).first()
        if live is None:
            return super().get(request, *args, **kwargs)
        with drafts.materialized(live) as changed:
            if changed:  # the changes may rename it
                self.kwargs = {**self.kwargs, "slug": live.slug}
            response = super().get(request, *args, **self.kwargs)
            response.render()  # while the changes are in the database
        return response
