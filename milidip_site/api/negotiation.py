"""Content negotiation: a clear 406 for an unknown ``format``, and the
browsable API only where it is meant to be seen."""

from django.conf import settings
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer


def may_browse(request) -> bool:
    """The HTML API pages are for development and for staff signed in to the site.

    The session user is read from Django's request, so negotiating does not
    run (and cannot swallow the failure of) the API's token authentication.
    """
    if settings.DEBUG:
        return True
    user = getattr(getattr(request, "_request", request), "user", None)
    return bool(user is not None and user.is_active and user.is_staff)


class ContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            offered = ", ".join(renderer.format for renderer in renderers)
            raise NotAcceptable(
                f"Unknown format “{format}”; this address offers: {offered}."
            )
        return matching

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE, None) == "":
            # DRF would take an empty ``format=`` as no format at all.
            self.filter_renderers(renderers, "")
        if may_browse(request):
            return super().select_renderer(request, renderers, format_suffix)
        served = [r for r in renderers if not isinstance(r, BrowsableAPIRenderer)]
        try:
            return super().select_renderer(request, served, format_suffix)
        except NotAcceptable:
            # A browser asking for HTML gets the data instead of a 406.
            format = format_suffix or request.query_params.get(
                self.settings.URL_FORMAT_OVERRIDE
            )
            if format or "text/html" not in request.META.get("HTTP_ACCEPT", ""):
                raise
            return served[0], served[0].media_type
