"""Reading in a real browser: navigation, the phone layout, keyboard access."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CaseStudyFactory, TopicFactory


@pytest.fixture
def peacekeeping():
    topic = TopicFactory(
        title="Peacekeeping",
        summary="Armed forces deployed to keep a ceasefire between parties.",
    )
    case = CaseStudyFactory(
        title="UNPROFOR in Bosnia",
        summary="A United Nations protection force in the Yugoslav wars.",
        topics=[topic],
    )
    return topic, case


def test_home_to_topic_to_case_study(page, peacekeeping):
    topic, case = peacekeeping
    page.goto("/")
    page.get_by_role("main").get_by_role(
        "link", name="Peacekeeping", exact=True
    ).click()
    expect(page).to_have_url(re.compile(re.escape(topic.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Peacekeeping")
    page.get_by_role("main").get_by_role("link", name="UNPROFOR in Bosnia").click()
    expect(page).to_have_url(re.compile(re.escape(case.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("UNPROFOR in Bosnia")


def test_phone_layout_never_scrolls_sideways(phone_page, peacekeeping):
    topic, case = peacekeeping
    for path in (
        "/",
        topic.get_absolute_url(),
        "/case-studies/",
        case.get_absolute_url(),
        "/search/?q=peacekeeping",
        "/actors/",
        "/methodology/",
    ):
        phone_page.goto(path)
        width = phone_page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"


@pytest.mark.parametrize("path", ["/", "/search/?q=peacekeeping"])
def test_skip_link_is_the_first_focusable_element(page, peacekeeping, path):
    page.goto(path)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
