"""Facets, sorting and the timeline in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from casestudies.models import Outcome, Region, YearPrecision
from tests.factories import ActorFactory, CaseStudyFactory, ParticipationFactory


@pytest.fixture
def cases():
    nato = ActorFactory(name="NATO", slug="nato")
    balkans = CaseStudyFactory(
        title="IFOR in Bosnia", start_year=1995, end_year=1996, region=Region.EUROPE
    )
    ParticipationFactory(case_study=balkans, actor=nato)
    kosovo = CaseStudyFactory(
        title="KFOR in Kosovo",
        start_year=1999,
        end_year=None,
        outcome=Outcome.TOO_EARLY,
        region=Region.EUROPE,
    )
    ParticipationFactory(case_study=kosovo, actor=nato)
    CaseStudyFactory(
        title="AMISOM in Somalia", start_year=2007, end_year=2022, region=Region.AFRICA
    )
    CaseStudyFactory(
        title="Delian League",
        start_year=-478,
        end_year=-404,
        year_precision=YearPrecision.APPROXIMATE,
        region=Region.EUROPE,
    )
    CaseStudyFactory(title="Hidden draft", region=Region.EUROPE, draft=True)


def titles(page):
    return page.locator(".card-list h2, .card-list h3").all_inner_texts()


def test_facets_narrow_the_list_and_keep_state_in_the_url(page, cases):
    page.goto("/case-studies/")
    expect(page.get_by_role("status")).to_have_text("4 case studies")
    facets = page.get_by_role("complementary")
    facets.get_by_role("link", name=re.compile(r"^Europe \(3\)")).click()
    expect(page).to_have_url(re.compile(r"region=europe"))
    expect(page.get_by_role("status")).to_have_text("3 case studies match")
    page.get_by_role("complementary").get_by_role(
        "link", name=re.compile(r"^NATO \(2\)")
    ).click()
    expect(page.get_by_role("status")).to_have_text("2 case studies match")
    assert sorted(titles(page)) == ["IFOR in Bosnia", "KFOR in Kosovo"]

    # The URL is shareable: a new tab with it shows the same result.
    shared = page.context.new_page()
    shared.goto(page.url)
    expect(shared.get_by_role("status")).to_have_text("2 case studies match")
    shared.close()


def test_year_range_with_bce_years_and_sorting(page, cases):
    page.goto("/case-studies/")
    page.get_by_label("Active until year").fill("-400")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_have_text("1 case study matches")
    assert titles(page) == ["Delian League"]

    page.get_by_label("Active until year").fill("")
    page.get_by_label("Sort by").select_option(label="Start year (descending)")
    page.get_by_role("button", name="Apply").click()
    assert titles(page)[0] == "AMISOM in Somalia"


def test_malformed_filter_shows_the_forms_message(page, cases):
    response = page.goto("/case-studies/?region=mars&year_from=abc")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text(
        "is not one of the allowed values"
    )


def test_timeline_orders_published_cases_by_era(page, cases):
    page.goto("/timeline/")
    items = page.locator(".timeline__item h3").all_inner_texts()
    assert items == [
        "Delian League",
        "IFOR in Bosnia",
        "KFOR in Kosovo",
        "AMISOM in Somalia",
    ]
    listed = page.locator("ol.timeline")  # the text below the bars
    expect(listed.get_by_text("c. 478–404 BCE")).to_be_visible()
    expect(listed.get_by_text("1999–ongoing")).to_be_visible()
    assert "Hidden draft" not in page.content()
    page.get_by_role("navigation", name="Eras").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"#[\w-]+$"))
