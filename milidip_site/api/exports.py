"""A list's whole filtered result as one download, unpaginated.

Two addresses give the same file from the same code: ``<list>/export/`` and the
list itself negotiated to an export format (``Accept: text/csv`` or
``?format=csv``). JSON stays the list's default, paginated.
"""

from rest_framework.decorators import action
from rest_framework.response import Response

from .renderers import CSVRenderer


class ExportMixin:
    """Adds ``<list>/export/``; the formats are the view's `export_renderer_classes`."""

    export_serializer_class = None
    export_renderer_classes = [CSVRenderer]

    def exporting(self) -> bool:
        """True for ``export/``, and for the list when it was asked for in an export format."""
        if self.action == "export":
            return True
        renderer = getattr(self.request, "accepted_renderer", None)
        return self.action == "list" and isinstance(
            renderer, tuple(self.export_renderer_classes)
        )

    def get_serializer_class(self):
        if self.exporting() and self.export_serializer_class is not None:
            return self.export_serializer_class
        return super().get_serializer_class()

    def get_renderers(self):
        exports = [renderer() for renderer in self.export_renderer_classes]
        if self.action == "export":
            return exports
        if self.action == "list":
            return [*super().get_renderers(), *exports]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        if self.exporting():
            # The whole list, unpaginated; a malformed page is still a 400.
            check = getattr(self.paginator, "check_parameters", None)
            if check is not None:
                check(request)
            return self.export(request)
        return super().list(request, *args, **kwargs)

    @action(detail=False, pagination_class=None)
    def export(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return Response(self.get_serializer(queryset, many=True).data)
