"""The one filter grammar of the site's lists, the API's lists and the exports.

Every list is filtered by a `StrictFilterSet`: comma-separated values match any
of them (``region=europe,africa``), unknown parameters and values are errors
(a 400 on pages and in the API alike), and ``q`` searches the full-text index.
"""

import django_filters
from django import forms

from search.backends import matching_ids

# Parameters a list understands besides its FilterSet's (pagination, format).
LIST_PARAMETERS = frozenset({"page", "page_size", "format"})


def listed(value) -> list[str]:
    """Comma-separated values (a string, or a list already split), stripped."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return [item.strip() for item in items if item and item.strip()]


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
        return super().filter(qs, listed(value))


class VisibleSlugInFilter(SlugInFilter):
    """Slugs of topics or case studies: rows the requester may not see match nothing.

    Without this, filtering by a draft's slug would reveal that the draft exists.
    """

    def __init__(self, *args, related_model, **kwargs):
        self.related_model = related_model
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        slugs = listed(value)
        if not slugs:
            return qs
        user = getattr(getattr(self.parent, "request", None), "user", None)
        visible = self.related_model.objects.visible_to(user).filter(slug__in=slugs)
        relation = self.field_name.removesuffix("__slug")
        return qs.filter(**{f"{relation}__in": visible}).distinct()


class StrictFilterForm(forms.Form):
    """Reports parameters that are neither filters nor list parameters."""

    def clean(self):
        cleaned_data = super().clean()
        known = set(self.fields) | LIST_PARAMETERS
        self.unknown_parameters = sorted(set(self.data) - known)
        for name in self.unknown_parameters:
            self.errors[name] = self.error_class(
                ["Unknown parameter. Known ones: " + ", ".join(sorted(known)) + "."]
            )
        return cleaned_data


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that reports unknown parameters and values instead of ignoring them."""

    @classmethod
    def get_form_class(cls):
        fields = {name: f.field for name, f in cls.base_filters.items()}
        return type(f"{cls.__name__}Form", (StrictFilterForm,), fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = (
                    "“%(value)s” is not one of the allowed values."
                )


class SearchableFilterSet(StrictFilterSet):
    """``q`` searches the full-text index for rows of the FilterSet's model."""

    q = SearchTextFilter(method="filter_text")

    def filter_text(self, queryset, name, value):
        ids = matching_ids(self._meta.model, value)
        return queryset if ids is None else queryset.filter(pk__in=ids)


class FilteredListMixin:
    """A ListView whose rows go through `filterset_class`; bad filters answer 400."""

    filterset_class = None

    def filter_rows(self, queryset):
        self.filterset = self.filterset_class(
            self.request.GET, queryset=queryset, request=self.request
        )
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        # A filtered list is not indexed (its canonical is the unfiltered list).
        is_filtered = any(self.request.GET.get(name) for name in self.filterset.filters)
        return super().get_context_data(
            **kwargs, filter=self.filterset, is_filtered=is_filtered
        )
