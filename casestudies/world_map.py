"""The map of case studies by country: a static SVG drawn on the server.

A country is on the map when a state actor with its ISO 3166 code takes part
in a published case study. It is shaded by how many, and links to the case
studies filtered by that actor. The shapes are Natural Earth 1:110m, built
once by scripts/build_world_map.py; the base map (all land, grey) is a static
file, and only the countries with case studies are drawn over it in the page.
One grouped query, whatever the number of case studies.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse

from .models import ActorKind, CaseStudy, Participation

SHAPES = Path(__file__).resolve().parent / "data" / "world_110m.json"
SHADES = 5  # steps of the colour scale, lightest first


@cache
def shapes() -> dict:
    return json.loads(SHAPES.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MapCountry:
    code: str
    name: str
    slug: str
    count: int
    shade: int
    path: str  # empty when the country is too small for the 1:110m shapes

    @property
    def url(self) -> str:
        return reverse("casestudies:list") + "?" + urlencode({"actor": self.slug})

    @property
    def label(self) -> str:
        noun = "case study" if self.count == 1 else "case studies"
        return f"{self.name}: {self.count} {noun}"


@dataclass(frozen=True)
class CaseStudyMap:
    view_box: str
    countries: list[MapCountry]
    max_count: int

    @property
    def width(self) -> str:
        return self.view_box.split()[2]

    @property
    def height(self) -> str:
        return self.view_box.split()[3]

    @property
    def drawn(self) -> list[MapCountry]:
        return [c for c in self.countries if c.path]

    @property
    def not_drawn(self) -> list[MapCountry]:
        return [c for c in self.countries if not c.path]

    @property
    def legend(self) -> list[tuple[int, str]]:
        """(shade, range of counts) for each step the scale uses."""
        steps = []
        for shade in range(1, SHADES + 1):
            counts = [
                n
                for n in range(1, self.max_count + 1)
                if shade_of(n, self.max_count) == shade
            ]
            if counts:
                low, high = counts[0], counts[-1]
                steps.append((shade, str(low) if low == high else f"{low}–{high}"))
        return steps


def shade_of(count: int, max_count: int) -> int:
    """1 (lightest) to SHADES, on a log scale so one large count does not wash out the rest."""
    if max_count <= 1:
        return SHADES
    return 1 + math.floor((SHADES - 1) * math.log(count) / math.log(max_count))


def country_counts(case_studies: QuerySet | None = None) -> list[dict]:
    """Per state actor with an ISO code: how many of ``case_studies`` it takes part in."""
    case_studies = (
        CaseStudy.objects.published() if case_studies is None else case_studies
    )
    return list(
        Participation.objects.filter(
            case_study__in=case_studies, actor__kind=ActorKind.STATE
        )
        .exclude(actor__iso_code="")
        .values("actor__iso_code", "actor__name", "actor__slug")
        .annotate(count=Count("case_study", distinct=True))
        .order_by("-count", "actor__name")
    )


def case_study_map(case_studies: QuerySet | None = None) -> CaseStudyMap:
    """The map of ``case_studies`` (all published ones by default)."""
    data = shapes()
    rows = country_counts(case_studies)
    max_count = max((row["count"] for row in rows), default=0)
    countries = [
        MapCountry(
            code=row["actor__iso_code"].upper(),
            name=row["actor__name"],
            slug=row["actor__slug"],
            count=row["count"],
            shade=shade_of(row["count"], max_count),
            path=data["countries"].get(row["actor__iso_code"].upper(), ""),
        )
        for row in rows
    ]
    return CaseStudyMap(
        view_box=data["viewBox"], countries=countries, max_count=max_count
    )
