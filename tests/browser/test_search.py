"""Searching in a real browser: the header box, the results page, following a hit."""

import re

from playwright.sync_api import expect

from tests.factories import SourceFactory, TopicFactory


def test_search_from_the_header_box_and_follow_a_result(page):
    TopicFactory(title="Defence attachés", summary="Officers posted to an embassy.")
    TopicFactory(title="Embassy draft", draft=True)
    page.goto("/")
    box = page.get_by_role("banner").get_by_role("searchbox")
    box.fill("embassy")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=embassy"))
    expect(page.get_by_text("1 result for “embassy”")).to_be_visible()
    expect(page.get_by_role("link", name="Embassy draft")).to_have_count(0)
    page.get_by_role("main").get_by_role("link", name="Defence attachés").click()
    expect(page).to_have_url(re.compile(r"/topics/defence-attaches/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Defence attachés")


def test_results_page_narrows_to_one_type_and_highlights_matches(page):
    TopicFactory(title="Embassy staff", summary="Who works where.")
    SourceFactory(title="Embassy handbook")
    page.goto("/search/?q=embassy")
    expect(page.get_by_text("2 results for “embassy”")).to_be_visible()
    results = (
        page.get_by_role("main")
        .get_by_role("list")
        .filter(has=page.get_by_role("heading"))
    )
    expect(results.locator("mark")).to_have_count(2)
    page.get_by_role("main").get_by_role("link", name="Source (1)").click()
    expect(page.get_by_text("1 result for “embassy”, type: Source.")).to_be_visible()
    expect(page.get_by_role("link", name="Embassy handbook")).to_be_visible()
    expect(page.get_by_role("link", name="Embassy staff")).to_have_count(0)


def test_punctuation_only_search_asks_for_words(page):
    page.goto("/search/")
    page.get_by_role("main").get_by_role("searchbox").fill('"*: NOT(')
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("main")).to_contain_text("0 results")
