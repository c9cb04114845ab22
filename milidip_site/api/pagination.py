"""Page-number pagination with a client-chosen page size, capped."""

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = (
        "Rows per page: 20 by default, at most 100 (larger values are capped to "
        "100; values that are not positive integers fall back to 20)."
    )
    page_query_description = "Page number, from 1; a page past the end is a 404."
