"""Facet links: each option toggles its value in the list's query string."""

from dataclasses import dataclass

from django.http import QueryDict

from milidip_site.filters import listed

from .filters import CaseStudyFilterSet, FacetOption


@dataclass(frozen=True)
class FacetLink:
    option: FacetOption
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    links: list[FacetLink]
    clear_url: str | None
    current: str


def _label(name: str) -> str:
    return str(CaseStudyFilterSet.base_filters[name].label)


def _query(data: QueryDict, name: str, values: list[str]) -> str:
    query = data.copy()
    query.pop("page", None)
    if values:
        query[name] = ",".join(values)
    else:
        query.pop(name, None)
    encoded = query.urlencode(safe=",")
    return f"?{encoded}" if encoded else "?"


def facet_links(data: QueryDict, counts: dict[str, list[FacetOption]]) -> list[Facet]:
    """Each facet with a link per option that adds or removes it from the filter."""
    facets = []
    for name, options in counts.items():
        requested = listed(data.get(name))
        # Values that name no option (a typo, a removed actor) drop out of new links.
        known = {option.value for option in options}
        current = [v for v in requested if v in known]
        links = []
        for option in options:
            if option.selected:
                values = [v for v in current if v != option.value]
            else:
                values = [*current, option.value]
            links.append(FacetLink(option, _query(data, name, values)))
        clear_url = _query(data, name, []) if requested else None
        facets.append(Facet(name, _label(name), links, clear_url, ",".join(current)))
    return facets
