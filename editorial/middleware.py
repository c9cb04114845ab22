"""Old addresses of published items keep working.

Like django.contrib.redirects' RedirectFallbackMiddleware: only a 404 from a
view that asks for it (`redirect_old_slugs = True` on a view with a `model`)
is looked up, and it becomes a permanent redirect to the same view under the
item's current slug if the item is still visible to readers.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from .models import SlugHistory


class OldSlugRedirectMiddleware:
    response_redirect_class = HttpResponsePermanentRedirect

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return response
        view_class = getattr(match.func, "view_class", None)
        model = getattr(view_class, "model", None)
        old_slug = match.kwargs.get("slug")
        if not getattr(view_class, "redirect_old_slugs", False) or not old_slug:
            return response
        object_id = SlugHistory.objects.target_for(model, old_slug)
        if object_id is None:
            return response
        target = model.objects.published().filter(pk=object_id).first()
        if target is None:
            return response
        location = reverse(
            match.view_name, kwargs={**match.kwargs, "slug": target.slug}
        )
        if request.META.get("QUERY_STRING"):
            location = f"{location}?{request.META['QUERY_STRING']}"
        return self.response_redirect_class(location)
