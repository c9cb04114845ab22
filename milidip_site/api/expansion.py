"""Compact lists: summary fields and links, with ``?expand=`` for nested data.

A list row shows what a client needs to pick objects (title, years, links); the
nested relations a detail shows in full (participants, citations…) come in a
list only when asked for: ``?expand=participants,citations``. The detail of an
object always has everything. The view prefetches only what is expanded, so a
compact page costs fewer queries than an expanded one, never more.
"""

from rest_framework.exceptions import ValidationError

EXPAND = "expand"


class ExpandableSerializerMixin:
    """A list serializer whose ``Meta.expandable`` fields appear only when expanded.

    Without an ``expand`` in its context (the schema generator's case) it keeps
    every field, so the schema documents them all, as optional.
    """

    def get_fields(self):
        fields = super().get_fields()
        expanded = self.context.get(EXPAND)
        if expanded is None:
            return fields
        for name in self.Meta.expandable:
            if name not in expanded:
                fields.pop(name, None)
        return fields


class CompactListMixin:
    """Lists use `list_serializer_class` and read ``expand``; details stay complete."""

    list_serializer_class = None

    def compact_list(self) -> bool:
        return self.action == "list" and self.list_serializer_class is not None

    @property
    def extra_list_parameters(self) -> frozenset[str]:
        return frozenset({EXPAND}) if self.compact_list() else frozenset()

    def expandable(self) -> list[str]:
        return list(self.list_serializer_class.Meta.expandable)

    def expanded(self) -> set[str]:
        """The relations the client asked for, checked against what may be expanded."""
        if not self.compact_list():
            return set()
        values = self.request.query_params.getlist(EXPAND)
        if len(values) > 1:
            raise ValidationError(
                {
                    EXPAND: [
                        "Give this parameter once; separate several values by commas."
                    ]
                }
            )
        names = values[0].split(",") if values and values[0] else []
        unknown = [name for name in names if name not in self.expandable()]
        if unknown:
            raise ValidationError(
                {
                    EXPAND: [
                        f"Cannot expand “{', '.join(unknown)}”; choose from: "
                        + ", ".join(self.expandable())
                        + "."
                    ]
                }
            )
        return set(names)

    def get_serializer_class(self):
        if self.compact_list() and not getattr(self, "exporting", lambda: False)():
            return self.list_serializer_class
        return super().get_serializer_class()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.compact_list() and not getattr(self, "swagger_fake_view", False):
            context[EXPAND] = self.expanded()
        return context
