"""The admin as an editor sees it at 1280 px: proposed slugs, lists that fit."""

import pytest
from django.test import Client

from editorial.slugs import slug_from_title
from tests.factories import CaseStudyFactory, CitationFactory, UserFactory

pytestmark = pytest.mark.slow


@pytest.fixture
def editor_tab(chromium, live_server, transactional_db):
    # A superuser: the live server's database is flushed between tests, and
    # the Editors group with it.
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_the_proposed_slug_matches_the_server(editor_tab):
    title = "NATO Baltic Air Policing (2004–ongoing) — a U.S./EU case"
    editor_tab.goto("/admin/casestudies/casestudy/add/")
    editor_tab.fill("#id_title", title)
    editor_tab.dispatch_event("#id_title", "change")
    proposed = editor_tab.input_value("#id_slug")
    assert proposed == slug_from_title(title)
    assert proposed.startswith("nato-baltic-air-policing-2004-ongoing-")


def test_the_case_study_list_fits_1280_pixels(editor_tab):
    for n in range(3):
        case = CaseStudyFactory(
            title=f"The occupation and reconstruction of Japan (1945–1952) {n}"
        )
        CitationFactory(topic=None, case_study=case)
    editor_tab.goto("/admin/casestudies/casestudy/")
    table = editor_tab.locator("#result_list")
    box = table.bounding_box()
    container = editor_tab.locator("#changelist .results").bounding_box()
    assert box["x"] + box["width"] <= container["x"] + container["width"] + 1
    assert editor_tab.evaluate("document.documentElement.scrollWidth") <= 1280
    headers = editor_tab.locator("#result_list thead th").all_inner_texts()
    for name in ["PUBLISH AT", "CITATIONS", "UPDATED"]:
        assert name in [h.strip().upper() for h in headers]
    for column in ["publish_at_short", "citation_count", "updated_short"]:
        cell = editor_tab.locator(f"#result_list td.field-{column}").first
        assert cell.is_visible()
        cell_box = cell.bounding_box()
        assert (
            cell_box["x"] + cell_box["width"] <= container["x"] + container["width"] + 1
        )


def test_preview_renders_the_unsaved_body_beside_it(editor_tab):
    case = CaseStudyFactory(title="Dayton", body="Saved text.")
    editor_tab.goto(f"/admin/casestudies/casestudy/{case.pk}/change/")
    editor_tab.fill("#id_body", "## Talks\n\n**Unsaved** text <script>x()</script>")
    editor_tab.click(".markdown-preview-button")
    pane = editor_tab.locator(".markdown-preview")
    pane.locator("h2").wait_for()
    assert pane.locator("h2").inner_text() == "Talks"
    assert pane.locator("strong").inner_text() == "Unsaved"
    assert pane.locator("script").count() == 0
    source = editor_tab.locator("#id_body").bounding_box()
    shown = pane.bounding_box()
    assert shown["x"] >= source["x"] + source["width"]  # beside, not over it
    case.refresh_from_db()
    assert case.body == "Saved text."
