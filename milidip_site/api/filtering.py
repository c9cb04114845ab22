"""The site's FilterSets in the API: unknown or malformed parameters are a 400."""

from django_filters.rest_framework import DjangoFilterBackend


class StrictFilterBackend(DjangoFilterBackend):
    """Filter lists with the view's FilterSet; details are looked up by slug only.

    The FilterSets themselves report unknown parameters (milidip_site.filters),
    so a list answers 400 for them as the site's pages do.
    """

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "detail", False):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        # Parameters the view reads itself, such as a list's ``expand``.
        kwargs["extra_parameters"] = getattr(view, "extra_list_parameters", ())
        return kwargs
