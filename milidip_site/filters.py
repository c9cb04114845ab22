"""The one filter grammar of the site's lists, the API's lists and the exports.

Every list is filtered by a `StrictFilterSet`: comma-separated values match any
of them (``region=europe,africa``), unknown parameters and values are errors
(a 400 on pages and in the API alike), and ``q`` searches the full-text index.
"""

import django_filters
from django import forms
from django.core.validators import MinValueValidator, RegexValidator
from drf_spectacular.utils import extend_schema_field

from search.backends import matching_ids

# Parameters a list understands besides its FilterSet's (pagination, format).
LIST_PARAMETERS = frozenset({"page", "page_size", "format"})

# What SlugField accepts; a filter value with other characters is a 400.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
# Comma-separated slugs, as the slug filters take them (``a,b``); empty is no filter.
SLUG_LIST_PATTERN = rf"^(?:{SLUG_PATTERN}(?:,{SLUG_PATTERN})*)?$"
SLUG_LIST_SCHEMA = {
    "type": "string",
    "pattern": SLUG_LIST_PATTERN,
    "description": "Slugs, comma-separated; any of them matches (`a,b`).",
}


def listed(value) -> list[str]:
    """Comma-separated values (a string, or a list already split), stripped."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return [item.strip() for item in items if item and item.strip()]


# The longest search text a list accepts; longer is a 400 ("at most 200 characters").
SEARCH_TEXT_MAX_LENGTH = 200


@extend_schema_field(
    {
        "type": "string",
        "maxLength": SEARCH_TEXT_MAX_LENGTH,
        # Any text but a NUL character (which no form field accepts).
        "pattern": "^[^\\x00]*$",
        "description": "Words to search for.",
    }
)
class SearchTextFilter(django_filters.CharFilter):
    """The ``q`` of a list: free text, capped so it cannot bloat queries or pages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_TEXT_MAX_LENGTH)
        kwargs.setdefault("label", "Search")
        super().__init__(*args, **kwargs)


# The magnitude a number filter accepts (django-filter's own cap); past it, a 400.
NUMBER_LIMIT = 1e50


@extend_schema_field(
    {"type": "number", "minimum": -NUMBER_LIMIT, "maximum": NUMBER_LIMIT}
)
class BoundedNumberFilter(django_filters.NumberFilter):
    """A number between -1e50 and 1e50, as the schema says; beyond is a 400."""

    @property
    def field(self):
        if not hasattr(self, "_field"):
            field = super().field
            field.validators.append(MinValueValidator(-NUMBER_LIMIT))
        return self._field


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Comma-separated choices, any of which matches: ``region=europe,africa``."""


class SlugListField(forms.CharField):
    """Comma-separated slugs; anything a slug cannot hold is an error."""

    default_validators = [
        RegexValidator(
            SLUG_LIST_PATTERN,
            "Enter slugs (letters, digits, hyphens, underscores) separated by commas.",
        )
    ]

    def __init__(self, **kwargs):
        kwargs["strip"] = False  # " nato" is not a slug: the schema says so too
        super().__init__(**kwargs)


@extend_schema_field(SLUG_LIST_SCHEMA)
class SlugInFilter(django_filters.CharFilter):
    """Comma-separated slugs, any of which matches: ``actor=nato,united-states``."""

    field_class = SlugListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", True)
        kwargs.setdefault("lookup_expr", "in")
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


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (also ``1``/``0``); anything else is an error, not "unset"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}
    default_error_messages = {"invalid": "Enter true or false."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterForm(forms.Form):
    """Reports parameters that are neither filters nor list parameters, or repeated."""

    # Parameters the view reads itself (the API's ``expand``), set per FilterSet.
    extra_parameters = frozenset()

    def clean(self):
        cleaned_data = super().clean()
        known = set(self.fields) | LIST_PARAMETERS | set(self.extra_parameters)
        self.unknown_parameters = sorted(set(self.data) - known)
        for name in self.unknown_parameters:
            self.errors[name] = self.error_class(
                ["Unknown parameter. Known ones: " + ", ".join(sorted(known)) + "."]
            )
        for name, field in self.fields.items():
            raw = self.data.get(name)
            if (
                isinstance(field, django_filters.fields.BaseCSVField)
                and raw
                and "" in raw.split(",")
            ):
                self.errors[name] = self.error_class(
                    ["Separate values with single commas; an empty value is not one."]
                )
        getlist = getattr(self.data, "getlist", None)
        for name in sorted(set(self.data) & known):
            if getlist is not None and len(getlist(name)) > 1:
                self.errors[name] = self.error_class(
                    ["Give this parameter once; separate several values by commas."]
                )
        return cleaned_data


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that reports unknown parameters and values instead of ignoring them."""

    # Parameters besides the filters and LIST_PARAMETERS that the view reads itself.
    extra_parameters = frozenset()

    @classmethod
    def get_form_class(cls):
        fields = {name: f.field for name, f in cls.base_filters.items()}
        return type(f"{cls.__name__}Form", (StrictFilterForm,), fields)

    def __init__(self, *args, extra_parameters=frozenset(), **kwargs):
        self.extra_parameters = frozenset(extra_parameters)
        super().__init__(*args, **kwargs)
        self.form.extra_parameters = self.extra_parameters
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
