"""The lists' filters applied to a release's objects, in Python.

A release is served from memory, not from the database, so each filter of a
list's FilterSet (already validated by the FilterSet itself) is evaluated on
the unsaved objects: a relation path such as ``topics__slug`` is followed
through the objects' loaded relations. ``q`` matches the rows whose text holds
every word given (case-insensitive), not the full-text index of the live lists.
"""

from milidip_site.filters import listed

# The text ``q`` looks in, per model, for a release's rows.
TEXT_FIELDS = (
    "title",
    "name",
    "summary",
    "body",
    "description",
    "authors",
    "publisher",
    "identifier",
    "claim",
)


def _values(obj, path: list[str]) -> list:
    """Every value at the end of `path`, following relations (many ones too)."""
    current = [obj]
    for part in path:
        found = []
        for item in current:
            value = getattr(item, part, None)
            if hasattr(value, "all"):
                found.extend(value.all())
            elif value is not None:
                found.append(value)
        current = found
    return current


def _text(obj) -> str:
    return " ".join(
        str(getattr(obj, name, "") or "") for name in TEXT_FIELDS
    ).casefold()


def _year_from(obj, year) -> bool:
    return obj.end_year is None or obj.end_year >= year


def _year_to(obj, year) -> bool:
    return obj.start_year <= year


def _root(obj, root: bool) -> bool:
    return (obj.parent is None) == root


def _text_matches(obj, text: str) -> bool:
    haystack = _text(obj)
    return all(word.casefold() in haystack for word in text.split())


METHODS = {
    "filter_year_from": _year_from,
    "filter_year_to": _year_to,
    "filter_root": _root,
    "filter_text": _text_matches,
}


def matches(obj, filter_, value) -> bool:
    """Whether `obj` passes `filter_` (a django-filter Filter) with a cleaned `value`."""
    method = getattr(filter_, "method", None)
    if method:
        return METHODS[method](obj, value)
    wanted = (
        {str(v) for v in listed(value)}
        if isinstance(value, str | list | tuple)
        else {str(value)}
    )
    found = {str(v) for v in _values(obj, filter_.field_name.split("__"))}
    return bool(found & wanted)
