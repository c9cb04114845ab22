"""``export/``: a list's whole filtered result as one download, unpaginated."""

from rest_framework.decorators import action
from rest_framework.response import Response

from .renderers import CSVRenderer


class ExportMixin:
    """Adds ``<list>/export/``; the formats are the view's `export_renderer_classes`."""

    export_serializer_class = None
    export_renderer_classes = [CSVRenderer]

    def get_serializer_class(self):
        if self.action == "export" and self.export_serializer_class is not None:
            return self.export_serializer_class
        return super().get_serializer_class()

    def get_renderers(self):
        if self.action == "export":
            return [renderer() for renderer in self.export_renderer_classes]
        return super().get_renderers()

    @action(detail=False, pagination_class=None)
    def export(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return Response(self.get_serializer(queryset, many=True).data)
