"""Page-number pagination with a client-chosen page size, capped.

``page`` and ``page_size`` are checked like the filters: a value that is not a
whole number in range is a 400 with a message, never silently replaced.
"""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from milidip_site.count_cache import CachedCountPaginator

WHOLE_NUMBER = re.compile(r"[0-9]+")


class ApiPagination(PageNumberPagination):
    # The total is counted once per content change, not on every page.
    django_paginator_class = CachedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = (
        "Rows per page: a whole number from 1 to 100, 20 by default. Other "
        "values (0, negative, decimal, over 100, not a number) are a 400."
    )
    page_query_description = (
        "Page number, a whole number from 1; a page past the end is a 404."
    )

    def _whole_number(self, request, name: str, maximum: int | None = None):
        values = request.query_params.getlist(name)
        if not values:
            return None
        value = values[-1]
        number = int(value) if WHOLE_NUMBER.fullmatch(value) else 0
        if number < 1 or (maximum is not None and number > maximum):
            limit = f" from 1 to {maximum}" if maximum else " from 1"
            raise ValidationError({name: [f"Enter a whole number{limit}."]})
        return number

    def get_page_size(self, request):
        size = self._whole_number(
            request, self.page_size_query_param, self.max_page_size
        )
        return self.page_size if size is None else size

    def check_parameters(self, request) -> None:
        """A 400 for a ``page`` or ``page_size`` that is not a whole number in range."""
        self._whole_number(request, self.page_query_param)
        self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        self.check_parameters(request)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
