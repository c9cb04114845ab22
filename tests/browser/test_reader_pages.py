"""The methodology page, the actors index and the footer in a real browser."""

import re

from playwright.sync_api import expect

from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    TopicFactory,
)


def test_a_badge_leads_to_its_definition(page):
    topic = TopicFactory(title="Defence attachés")
    CitationFactory(topic=topic)
    page.goto(topic.get_absolute_url())
    page.get_by_role("link", name="Reliability: Scholarly").click()
    expect(page).to_have_url(re.compile(r"/methodology/#reliability-scholarly$"))
    definition = page.locator("#reliability-scholarly")
    expect(definition).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).to_have_text("How Milidip works")


def test_actors_index_from_the_home_page_count_and_kind_filter(page):
    case = CaseStudyFactory()
    ParticipationFactory(
        case_study=case, actor=ActorFactory(name="NATO", kind="alliance")
    )
    ParticipationFactory(
        case_study=case, actor=ActorFactory(name="Japan", kind="state")
    )
    page.goto("/")
    page.get_by_role("link", name="2 actors").click()
    expect(page).to_have_url(re.compile(r"/actors/$"))
    page.get_by_role("link", name="State (1)").click()
    expect(page.get_by_role("status")).to_have_text("1 actor matches")
    expect(page.get_by_role("link", name="Japan")).to_be_visible()
    expect(page.get_by_role("link", name="NATO")).to_have_count(0)


def test_search_results_fit_a_phone_and_show_the_flag(phone_page):
    CitationFactory(
        topic=TopicFactory(title="Burden-sharing in alliances"),
        source__reliability="ai_generated",
    )
    phone_page.goto("/search/?q=burden")
    hit = phone_page.locator(".search-hit").first
    expect(hit).to_contain_text("Topic")
    expect(hit).to_contain_text("Unverified: AI-generated sources only")
    width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390


def test_the_footer_ends_a_short_page_without_a_band_below(page):
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto("/search/")
    bottom = page.evaluate(
        "document.querySelector('.site-footer').getBoundingClientRect().bottom"
    )
    assert abs(bottom - 1400) <= 1
