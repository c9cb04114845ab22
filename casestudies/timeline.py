"""The timeline: published case studies by era, and the bars that draw them.

The page shows at most `ROWS_PER_PAGE` case studies, in order of start year,
grouped into eras; the era navigation counts every era in one query and links
to the page where it begins. Each era on a page gets its own time axis, so a
decade of modern cases is not squeezed next to antiquity. Bars are SVG drawn
on the server: uncertain years (approximate, decade, century) fade over the
years they may cover, and ongoing cases run to this year.
"""

import math
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from .models import CaseStudy, YearPrecision

ROWS_PER_PAGE = 100
WIDTH = 1000  # the bars' viewBox width
TICKS = 4  # intervals of the axis: five labels, at quarters
APPROXIMATE_YEARS = 5  # how far "c. 1950" may be from 1950, for the drawing


@dataclass(frozen=True)
class Era:
    name: str
    start: int | None
    end: int | None

    def contains(self, year: int) -> bool:
        return (self.start is None or year >= self.start) and (
            self.end is None or year <= self.end
        )

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")

    @property
    def condition(self) -> Q:
        condition = Q()
        if self.start is not None:
            condition &= Q(start_year__gte=self.start)
        if self.end is not None:
            condition &= Q(start_year__lte=self.end)
        return condition


ERAS = (
    Era("Antiquity", None, 499),
    # The early modern period opens with the Age of Exploration (15th century).
    Era("Middle Ages", 500, 1449),
    Era("Early modern period", 1450, 1814),
    Era("Long nineteenth century", 1815, 1913),
    Era("World wars", 1914, 1945),
    Era("Cold War", 1946, 1991),
    Era("After the Cold War", 1992, None),
)


# -- the eras and their counts ------------------------------------------------------


@dataclass(frozen=True)
class EraCount:
    era: Era
    count: int
    first_row: int  # index of its first case study in the whole timeline

    @property
    def page(self) -> int:
        return self.first_row // ROWS_PER_PAGE + 1


def era_counts(case_studies: QuerySet) -> list[EraCount]:
    """How many of ``case_studies`` begin in each era that has any: one query."""
    counts = case_studies.order_by().aggregate(
        **{
            f"era_{index}": Count("pk", filter=era.condition)
            for index, era in enumerate(ERAS)
        }
    )
    result, first_row = [], 0
    for index, era in enumerate(ERAS):
        count = counts[f"era_{index}"]
        if count:
            result.append(EraCount(era, count, first_row))
            first_row += count
    return result


class CountedPaginator(Paginator):
    """A paginator told its count, which the era counts already give."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


# -- the bars ----------------------------------------------------------------------


def year_range(year: int, precision: str) -> tuple[int, int]:
    """The first and last year that ``year`` at ``precision`` may mean."""
    if precision == YearPrecision.CENTURY:
        century = (abs(year) - 1) // 100 + 1
        if year > 0:
            return 100 * (century - 1) + 1, 100 * century
        return -100 * century, -100 * (century - 1) - 1
    if precision == YearPrecision.DECADE:
        decade = abs(year) // 10 * 10
        return (decade, decade + 9) if year > 0 else (-decade - 9, -decade)
    if precision == YearPrecision.APPROXIMATE:
        return year - APPROXIMATE_YEARS, year + APPROXIMATE_YEARS
    return year, year


@dataclass(frozen=True)
class Axis:
    start: int
    end: int

    def x(self, year: float) -> float:
        return round((year - self.start) * WIDTH / (self.end - self.start), 1)

    @property
    def ticks(self) -> list[str]:
        step = (self.end - self.start) // TICKS
        return [format_tick(self.start + i * step) for i in range(TICKS + 1)]

    @property
    def gridlines(self) -> list[float]:
        return [WIDTH * i / TICKS for i in range(1, TICKS)]


def format_tick(year: int) -> str:
    if year < 0:
        return f"{-year} BCE"
    return "1 CE" if year == 0 else str(year)


def nice_axis(low: int, high: int) -> Axis:
    """An axis from ``low`` to ``high`` whose quarter marks fall on round years."""
    span = max(high - low, TICKS)
    raw = span / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = int(max(1, factor * magnitude))
        start = math.floor(low / step) * step
        if start + TICKS * step >= high:
            return Axis(start, start + TICKS * step)
    step = int(10 * magnitude)  # pragma: no cover - the loop always returns
    start = math.floor(low / step) * step
    return Axis(start, start + TICKS * step)


@dataclass(frozen=True)
class Bar:
    """One case study's bar: the years it surely covers, and those it may."""

    case_study: CaseStudy
    outer: tuple[float, float]  # x and width of every year it may cover
    inner: tuple[float, float] | None  # x and width of the years it surely covers
    ongoing: bool

    @property
    def uncertain(self) -> bool:
        return self.inner != self.outer


def draw(case_studies: list[CaseStudy], this_year: int) -> tuple[Axis, list[Bar]]:
    spans = []
    for case in case_studies:
        first, last = year_range(case.start_year, case.year_precision)
        if case.end_year is None:
            end_first = end_last = max(this_year, last)
        else:
            end_first, end_last = year_range(case.end_year, case.year_precision)
        spans.append((case, first, last, end_first, end_last + 1))
    axis = nice_axis(min(s[1] for s in spans), max(s[4] for s in spans))
    min_width = WIDTH / 200  # a one-year case stays visible on a long axis
    bars = []
    for case, first, last, end_first, end_last in spans:
        x0, x1 = axis.x(first), axis.x(end_last)
        outer = (x0, max(round(x1 - x0, 1), min_width))
        inner = None
        if end_first + 1 > last:
            ix0, ix1 = axis.x(last), axis.x(end_first + 1)
            inner = (ix0, max(round(ix1 - ix0, 1), min_width))
        if case.year_precision == YearPrecision.EXACT:
            inner = outer
        bars.append(Bar(case, outer, inner, case.end_year is None))
    return axis, bars


@dataclass
class TimelineEra:
    era: Era
    case_studies: list[CaseStudy] = field(default_factory=list)

    @cached_property
    def chart(self) -> tuple[Axis, list[Bar]]:
        return draw(self.case_studies, timezone.localdate().year)

    @property
    def axis(self) -> Axis:
        return self.chart[0]

    @property
    def bars(self) -> list[Bar]:
        return self.chart[1]


def group_by_era(case_studies) -> list[TimelineEra]:
    """Case studies (in order of start year) grouped into the eras that have any."""
    groups = [TimelineEra(era) for era in ERAS]
    for case_study in case_studies:
        group = next(g for g in groups if g.era.contains(case_study.start_year))
        group.case_studies.append(case_study)
    return [g for g in groups if g.case_studies]


# What a timeline row shows: sorting whole rows (bodies included) is what costs.
ROW_FIELDS = (
    "slug",
    "title",
    "summary",
    "start_year",
    "end_year",
    "year_precision",
    "region",
    "outcome",
)


def timeline_rows() -> QuerySet:
    """Published case studies in timeline order (a stable order for pagination)."""
    return (
        CaseStudy.objects.published()
        .only(*ROW_FIELDS)
        .order_by("start_year", "title", "pk")
    )
