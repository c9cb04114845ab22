"""The timeline's bars: uncertain years, ongoing cases, and pages that stay bounded."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy, Outcome, YearPrecision
from casestudies.timeline import (
    ROWS_PER_PAGE,
    WIDTH,
    draw,
    era_counts,
    nice_axis,
    timeline_rows,
    year_range,
)
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db
URL = reverse("casestudies:timeline")
THIS_YEAR = timezone.localdate().year


@pytest.mark.parametrize(
    ("year", "precision", "expected"),
    [
        (1995, YearPrecision.EXACT, (1995, 1995)),
        (1962, YearPrecision.APPROXIMATE, (1957, 1967)),
        (1990, YearPrecision.DECADE, (1990, 1999)),
        (-478, YearPrecision.DECADE, (-479, -470)),
        (1450, YearPrecision.CENTURY, (1401, 1500)),
        (-480, YearPrecision.CENTURY, (-500, -401)),
    ],
)
def test_year_range_is_what_the_precision_may_mean(year, precision, expected):
    assert year_range(year, precision) == expected


def test_axis_quarters_fall_on_round_years_and_cover_the_rows():
    axis = nice_axis(1948, THIS_YEAR + 1)
    assert axis.start <= 1948 and axis.end >= THIS_YEAR + 1
    assert (axis.end - axis.start) % 4 == 0
    assert axis.end - axis.start <= 200
    assert nice_axis(-500, -399).ticks[0].endswith("BCE")


def test_exact_uncertain_and_ongoing_bars():
    exact = CaseStudyFactory.build(start_year=1995, end_year=2004)
    approximate = CaseStudyFactory.build(
        start_year=1962,
        end_year=None,
        outcome=Outcome.TOO_EARLY,
        year_precision=YearPrecision.APPROXIMATE,
    )
    century = CaseStudyFactory.build(
        start_year=-480, end_year=-404, year_precision=YearPrecision.CENTURY
    )
    axis, bars = draw([exact, approximate], THIS_YEAR)
    assert not bars[0].uncertain and not bars[0].ongoing
    assert bars[0].outer == (axis.x(1995), round(axis.x(2005) - axis.x(1995), 1))
    assert bars[1].uncertain and bars[1].ongoing
    # faded from 1957, certain from 1967, and running to this year
    assert bars[1].outer[0] == axis.x(1957)
    assert bars[1].inner[0] == axis.x(1967)
    assert bars[1].outer[0] + bars[1].outer[1] == pytest.approx(
        axis.x(THIS_YEAR + 1), abs=0.2
    )
    assert 0 <= min(b.outer[0] for b in bars)
    assert max(b.outer[0] + b.outer[1] for b in bars) <= WIDTH + 0.1
    # Within a single century either way, nothing is certain: all faded.
    _, (bar,) = draw([century], THIS_YEAR)
    assert bar.uncertain and bar.inner is None


def test_page_draws_bars_and_keeps_the_list(client):
    CaseStudyFactory(title="Kosovo", start_year=1999, end_year=None, outcome="ongoing")
    CaseStudyFactory(
        title="Delian League",
        start_year=-478,
        end_year=-404,
        year_precision=YearPrecision.APPROXIMATE,
    )
    html = client.get(URL).content.decode()
    charts = re.findall(r'<div class="timeline-chart__body" aria-hidden="true">', html)
    assert len(charts) == 2
    assert 'class="timeline-chart__span timeline-chart__span--ongoing"' in html
    assert "timeline-chart__span--uncertain" in html
    assert 'tabindex="-1">Kosovo</a>' in html  # hidden from the tab order
    assert '<h3><a href="/case-studies/kosovo/">Kosovo</a></h3>' in html  # the list
    assert html.index("timeline-chart__body") < html.index('<ol class="timeline">')


def test_age_of_exploration_stays_early_modern(client):
    CaseStudyFactory(title="European armed trade", start_year=1498, end_year=1700)
    eras = client.get(URL).context["eras"]
    assert [(g.era.name, [c.title for c in g.case_studies]) for g in eras] == [
        ("Early modern period", ["European armed trade"])
    ]


def test_eras_are_counted_without_drafts(client):
    CaseStudyFactory.create_batch(3, start_year=1950, end_year=1960)
    CaseStudyFactory(start_year=2001, end_year=2002)
    CaseStudyFactory(start_year=1955, end_year=1956, draft=True)
    counts = [(e.era.name, e.count) for e in era_counts(timeline_rows())]
    assert counts == [("Cold War", 3), ("After the Cold War", 1)]
    html = client.get(URL).content.decode()
    assert '<a href="#cold-war">Cold War <span class="count">(3)</span></a>' in html


def make_rows(n, start=1000):
    CaseStudy.objects.bulk_create(
        CaseStudyFactory.build(
            slug=f"case-{i}",
            title=f"Case {i:05}",
            start_year=start + i,
            end_year=None,
            outcome="ongoing",
        )
        for i in range(n)
    )


def test_pages_hold_at_most_a_hundred_rows_in_fixed_queries(
    client, django_assert_num_queries
):
    make_rows(250)  # 1000–1249: Middle Ages until 1449
    CaseStudyFactory(title="Kosovo", start_year=1999, end_year=2004)

    with django_assert_num_queries(2):
        first = client.get(URL)
    with django_assert_num_queries(2):
        last = client.get(URL, {"page": "3"})

    assert len(first.context["case_studies"]) == ROWS_PER_PAGE
    assert first.context["paginator"].num_pages == 3
    html = first.content.decode()
    assert html.count('class="timeline-chart__row"') == ROWS_PER_PAGE
    # The era navigation links to the page where each era begins.
    assert '<a href="?page=3#after-the-cold-war">After the Cold War' in html
    assert '<a href="#middle-ages">Middle Ages <span class="count">(250)' in html
    titles = [c.title for c in last.context["case_studies"]]
    assert titles[-1] == "Kosovo" and len(titles) == 51


def test_a_page_past_the_end_is_a_404(client):
    CaseStudyFactory()
    assert client.get(URL, {"page": "9"}).status_code == 404
    assert client.get(URL, {"page": "x"}).status_code == 404
