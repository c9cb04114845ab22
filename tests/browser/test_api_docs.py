"""The API documentation pages render under the site's CSP, from this site alone."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ("/api/docs/", ".swagger-ui .information-container h1"),
        ("/api/redoc/", "#redoc-container h1"),
    ],
)
def test_docs_render_with_no_csp_violation_and_nothing_from_elsewhere(
    page, live_server, path, rendered
):
    messages, hosts = [], set()
    page.on("console", lambda message: messages.append(message.text))
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    response = page.goto(path)

    assert "nonce-" in response.headers["content-security-policy"]
    expect(page.locator(rendered)).to_contain_text("Milidip API")
    page.wait_for_load_state("networkidle")
    violations = [
        m for m in messages if "Content Security Policy" in m or "Refused" in m
    ]
    print("\n".join(violations))
    assert violations == []
    own = urlsplit(live_server.url).netloc
    assert hosts <= {own, ""}, hosts  # "" for data: and blob: URLs
