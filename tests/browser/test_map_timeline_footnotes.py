"""The map, the timeline bars and footnotes in a real browser, on a phone too."""

import re

from playwright.sync_api import expect

from casestudies.models import ActorKind
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    TopicFactory,
)


def japan_case():
    japan = ActorFactory(
        name="Japan", slug="japan", kind=ActorKind.STATE, iso_code="JP"
    )
    case = CaseStudyFactory(
        title="A long alliance", start_year=1951, end_year=None, outcome="ongoing"
    )
    ParticipationFactory(case_study=case, actor=japan)
    germany = ActorFactory(
        name="Germany", slug="germany", kind=ActorKind.STATE, iso_code="DE"
    )
    ParticipationFactory(case_study=case, actor=germany)
    CaseStudyFactory(title="Delian League", start_year=-478, end_year=-404)
    return japan


def test_a_country_on_the_map_leads_to_its_case_studies(page):
    japan_case()
    page.goto("/case-studies/")
    # Germany: a compact shape, whose middle is on the country itself.
    page.locator('svg a[aria-label="Germany: 1 case study"]').click()
    expect(page).to_have_url(re.compile(r"/case-studies/\?actor=germany$"))
    expect(page.get_by_role("status")).to_have_text("1 case study matches")


def test_no_sideways_scroll_on_a_phone(phone_page):
    japan = japan_case()
    for path in ("/case-studies/", japan.get_absolute_url(), "/timeline/"):
        phone_page.goto(path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, path
    # The bars are drawn and fit the screen.
    bar = phone_page.locator(".timeline-chart__bar").first.bounding_box()
    assert bar["width"] > 200 and bar["x"] + bar["width"] <= 390


def test_a_footnote_leads_to_its_source_and_back(page):
    topic = TopicFactory(body="First claim.[^one]\n\n" + "Filler. " * 400 + "[^one]")
    citation = CitationFactory(topic=topic, key="one", claim="The claim it backs.")
    page.goto(topic.get_absolute_url())
    page.get_by_role("link", name="Source 1").first.click()
    expect(page).to_have_url(re.compile(rf"#citation-{citation.pk}$"))
    expect(page.locator(f"#citation-{citation.pk}")).to_be_in_viewport()
    page.get_by_role("link", name="Back to the text, use 2 of source 1").click()
    expect(page.locator(f"#cite-use-{citation.pk}-2")).to_be_in_viewport()
