"""The site's FilterSets, applied strictly: unknown or malformed parameters are a 400."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

# Parameters every list understands besides its FilterSet's.
COMMON_PARAMETERS = {"page", "page_size", "format"}


class StrictFilterBackend(DjangoFilterBackend):
    """Filter lists with the view's FilterSet; details are looked up by slug only."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "detail", False):
            return queryset
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(COMMON_PARAMETERS)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {
                    name: [
                        "Unknown parameter. Known ones: "
                        + ", ".join(sorted(known))
                        + "."
                    ]
                    for name in unknown
                }
            )
        return super().filter_queryset(request, queryset, view)
