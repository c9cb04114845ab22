"""Stored source addresses become links only for http and https."""

import re

import pytest

from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import Source
from topics.templatetags.links import safe_url

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
]


@pytest.mark.parametrize("value", HOSTILE + ["", None, "http://", "ftp://x.org/a"])
def test_safe_url_refuses_other_schemes(value):
    assert safe_url(value) == ""


@pytest.mark.parametrize(
    "value", ["https://example.org/a?b=c", "http://example.org/", "HTTPS://E.ORG/x"]
)
def test_safe_url_keeps_web_addresses(value):
    assert safe_url(value) == value


def _hrefs(response):
    return re.findall(r'href="([^"]*)"', response.content.decode())


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_source_written_around_validation_renders_no_script_link(client, hostile):
    source = SourceFactory(title="Hostile source")
    topic = TopicFactory()
    case_study = CaseStudyFactory()
    CitationFactory(source=source, topic=topic)
    CitationFactory(source=source, topic=None, case_study=case_study)
    Source.objects.filter(pk=source.pk).update(url=hostile, archived_url=hostile)

    pages = [
        source.get_absolute_url(),
        "/sources/",
        topic.get_absolute_url(),
        case_study.get_absolute_url(),
        "/feeds/topics/",
        "/feeds/case-studies/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href in _hrefs(response):
            scheme = href.strip().split(":", 1)[0].lower()
            assert scheme not in {"javascript", "data", "vbscript"}, (page, href)
            assert not href.strip().startswith("//"), (page, href)

    detail = client.get(source.get_absolute_url()).content.decode()
    # The address is still shown, as text.
    assert hostile.strip().split(":")[0] in detail


def test_a_web_address_is_still_a_link(client):
    source = SourceFactory(
        url="https://example.org/report.pdf",
        archived_url="https://web.archive.org/web/2020/https://example.org/report.pdf",
    )
    hrefs = _hrefs(client.get(source.get_absolute_url()))
    assert "https://example.org/report.pdf" in hrefs
    assert "https://web.archive.org/web/2020/https://example.org/report.pdf" in hrefs
