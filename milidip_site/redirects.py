"""Old addresses of published topics and case studies keep working.

Like django.contrib.redirects' RedirectFallbackMiddleware: only a 404 from a
detail page (or its reference downloads) is looked up, and it becomes a
permanent redirect to the same page under the item's current slug if the item
is still visible to readers.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from casestudies.models import CaseStudy
from topics.models import SlugHistory, Topic


class OldSlugRedirectMiddleware:
    # URL names of the pages, per item, whose old slugs are remembered.
    detail_views = {
        "topics:detail": Topic,
        "topics:cite": Topic,
        "casestudies:detail": CaseStudy,
        "casestudies:cite": CaseStudy,
    }
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
        model = self.detail_views.get(match.view_name)
        old_slug = match.kwargs.get("slug")
        if model is None or not old_slug:
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
