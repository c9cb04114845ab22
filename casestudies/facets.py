"""Facet links: each option toggles its value in the list's query string."""

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from milidip_site.filters import listed

from .filters import CaseStudyFilterSet, FacetOption, FacetOptions


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
    more_url: str | None = None


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


# Where "more…" leads when a facet shows only its top options.
MORE_URLS = {"actor": "casestudies:actor-list", "topic": "topics:list"}


def facet_links(data: QueryDict, counts: dict[str, FacetOptions]) -> list[Facet]:
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
        more = getattr(options, "more", False) and name in MORE_URLS
        more_url = reverse(MORE_URLS[name]) if more else None
        facets.append(
            Facet(name, _label(name), links, clear_url, ",".join(current), more_url)
        )
    return facets
