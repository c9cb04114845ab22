"""How a detail page treats an unpublished item that a staff member may open."""

from django.utils.cache import patch_cache_control


class DraftAwareDetailMixin:
    """Rows come from `rows()`; an unpublished one is shown marked as a preview.

    Readers only ever get published rows. Staff with the change permission may
    open a draft at its public address: the page then carries the preview
    banner and noindex, and no shared cache or search engine keeps it.
    """

    model = None

    def rows(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object.is_published():
            context["preview"] = True
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("preview"):
            patch_cache_control(response, no_store=True, private=True)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
