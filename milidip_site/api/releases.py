"""``?release=VERSION``: every list and detail read from a data release.

A paper can cite exactly what it saw: with ``release`` the API answers from the
release's tables (read once per process and version), in the same shape as the
live API, for everyone alike. Without it, the current content is served.
Release lists take the live lists' parameters, checked by the same
FilterSets, and filter the release's rows in Python (`release_filters`). A release is
read-only: a write with ``release`` is a 405. An unknown version is a 404.
"""

import zipfile

from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS

from releases.models import Release
from releases.reading import release_objects, release_tables
from releases.versions import VERSION, VERSION_PATTERN

from . import release_filters

RELEASE = "release"
RELEASE_PARAMETER = OpenApiParameter(
    RELEASE,
    {"type": "string", "pattern": VERSION_PATTERN},
    description=(
        "Read a data release (see /data/) instead of the current content, e.g. "
        "`2026.1`. Filters, `ordering`, `expand` and pagination work as on the "
        "current content (`q` keeps rows holding every word); an unknown version is a 404. Links in the answer lead to "
        "the current objects."
    ),
)


def _sort_value(value):
    if isinstance(value, str):
        value = value.casefold()
    return (value is None, value if value is not None else 0)


class ReleaseReadMixin:
    """Serve lists, details and exports from ``?release=`` when it is given."""

    release_readable = True

    def release_version(self) -> str | None:
        values = self.request.query_params.getlist(RELEASE)
        if not values:
            return None
        if len(values) > 1:
            raise exceptions.ValidationError({RELEASE: ["Give this parameter once."]})
        if not VERSION.fullmatch(values[0]):
            raise exceptions.ValidationError(
                {RELEASE: ["A release version looks like 2026.1; see /data/."]}
            )
        return values[0]

    def initial(self, request, *args, **kwargs):
        if RELEASE in request.query_params and request.method not in SAFE_METHODS:
            raise exceptions.MethodNotAllowed(
                request.method,
                detail="A release is read-only; write without `release`.",
            )
        super().initial(request, *args, **kwargs)

    def release_rows(self, model) -> list:
        if not hasattr(self, "_release_objects"):
            version = self.release_version()
            release = Release.objects.filter(version=version).first()
            if release is None:
                raise exceptions.NotFound(
                    f"There is no release {version}; /data/ lists the releases."
                )
            try:
                tables = release_tables(release)
            except (OSError, zipfile.BadZipFile, KeyError) as error:
                raise exceptions.NotFound(
                    f"The file of release {version} is not available."
                ) from error
            self._release_objects = release_objects(tables)
        return self._release_objects[model]

    def _ordering_map(self) -> dict[str, str]:
        """The list's ``ordering`` values and the attributes they sort by."""
        filterset = getattr(self, "filterset_class", None)
        ordering = getattr(filterset, "base_filters", {}).get("ordering")
        return dict(getattr(ordering, "param_map", {}))

    def _filtered(self, rows: list, model) -> list:
        """The rows the list's filters keep, checked by the list's own FilterSet.

        The same parameters and the same 400s as the live list; the filters are
        applied to the release's objects in Python (`release_filters`).
        """
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is None:
            return rows
        extra = {RELEASE, *getattr(self, "extra_list_parameters", ())}
        filterset = filterset_class(
            data=self.request.query_params,
            queryset=model.objects.none(),
            request=self.request,
            extra_parameters=extra,
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        for name, value in filterset.form.cleaned_data.items():
            if name != "ordering" and value not in (None, "", [], ()):
                rows = [
                    row
                    for row in rows
                    if release_filters.matches(row, filterset.filters[name], value)
                ]
        return rows

    def _ordered(self, rows: list) -> list:
        values = self.request.query_params.getlist("ordering")
        if not values or not values[-1]:
            return rows
        param_map = self._ordering_map()
        names = values[-1].split(",")
        unknown = [n for n in names if n.lstrip("-") not in param_map]
        if unknown or len(values) > 1:
            raise exceptions.ValidationError(
                {
                    "ordering": [
                        "Choose from: "
                        + ", ".join(f"{p}, -{p}" for p in param_map)
                        + "."
                    ]
                }
            )
        rows = list(rows)
        for name in reversed(names):
            attribute = param_map[name.lstrip("-")]
            rows.sort(
                key=lambda obj, a=attribute: _sort_value(getattr(obj, a)),
                reverse=name.startswith("-"),
            )
        return rows

    def filter_queryset(self, queryset):
        if self.release_version() is None:
            return super().filter_queryset(queryset)
        rows = self.release_rows(queryset.model)
        if not self.detail:
            rows = self._ordered(self._filtered(rows, queryset.model))
        return rows

    def get_object(self):
        if self.release_version() is None:
            return super().get_object()
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        rows = self.release_rows(self.get_queryset().model)
        for obj in rows:
            if str(getattr(obj, self.lookup_field)) == str(value):
                self.check_object_permissions(self.request, obj)
                return obj
        raise exceptions.NotFound(
            f"No such object in release {self.release_version()}."
        )
