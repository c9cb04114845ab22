"""Filter pieces shared by the site's facets and the API (one filter grammar)."""

import django_filters
from django import forms

# The longest search text a list accepts; longer is a 400 ("at most 200 characters").
SEARCH_TEXT_MAX_LENGTH = 200


class SearchTextFilter(django_filters.CharFilter):
    """The ``q`` of a list: free text, capped so it cannot bloat queries or pages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_TEXT_MAX_LENGTH)
        kwargs.setdefault("label", "Search")
        super().__init__(*args, **kwargs)


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Comma-separated choices, any of which matches: ``region=europe,africa``."""


class SlugInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """Comma-separated slugs, any of which matches: ``actor=nato,united-states``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", True)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, [v.strip() for v in value or [] if v.strip()])


class VisibleSlugInFilter(SlugInFilter):
    """Slugs of topics or case studies: rows the requester may not see match nothing.

    Without this, filtering by a draft's slug would reveal that the draft exists.
    """

    def __init__(self, *args, related_model, **kwargs):
        self.related_model = related_model
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        slugs = [v.strip() for v in value or [] if v.strip()]
        if not slugs:
            return qs
        user = getattr(getattr(self.parent, "request", None), "user", None)
        visible = self.related_model.objects.visible_to(user).filter(slug__in=slugs)
        relation = self.field_name.removesuffix("__slug")
        return qs.filter(**{f"{relation}__in": visible}).distinct()


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose form reports unknown values instead of ignoring them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = (
                    "“%(value)s” is not one of the allowed values."
                )
