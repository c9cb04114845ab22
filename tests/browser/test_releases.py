"""/data/ in a real browser: from the footer to a downloaded release, on a phone."""

import hashlib
import re

from playwright.sync_api import expect

from releases.build import make_release
from tests.factories import CitationFactory, TopicFactory


def test_a_reader_finds_and_downloads_a_release_on_a_phone(
    phone_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    CitationFactory(topic=TopicFactory(title="Defence attachés"))
    release = make_release("2026.1")

    phone_page.goto("/")
    phone_page.get_by_role("link", name="Data releases: download and cite").click()
    expect(phone_page).to_have_url(re.compile(r"/data/$"))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Data releases")
    width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390

    with phone_page.expect_download() as download:
        phone_page.get_by_role(
            "link", name=re.compile(r"Download milidip-2026\.1")
        ).click()
    path = download.value.path()
    assert download.value.suggested_filename == "milidip-2026.1.zip"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == release.sha256

    phone_page.get_by_role("link", name="Release 2026.1").click()
    expect(phone_page.locator(".reference")).to_contain_text("version 2026.1")
    width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390
