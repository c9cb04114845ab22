"""Browser tests: Playwright drives the system's Chromium against the live server.

Chromium comes from the Debian package (``apt-get install chromium``), never
from ``playwright install``. Without it the tests are skipped locally; with
``CI=true`` they fail instead, so CI cannot pass without running them.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} CI must run the browser tests.", pytrace=False)
    pytest.skip(message)


# Package scope: the browser (and Playwright's event loop) end with this folder.
@pytest.fixture(scope="package")
def chromium(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test code
    # still talks to the database synchronously, which is safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium, live_server, transactional_db):
    """A fresh browser tab whose relative URLs go to the live server."""
    context = chromium.new_context(base_url=live_server.url)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def phone_page(chromium, live_server, transactional_db):
    """A tab with a phone's viewport: 390 CSS pixels wide, touch, mobile."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
