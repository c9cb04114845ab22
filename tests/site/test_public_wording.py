"""Readers never meet the project's internal jargon: no "seed" on any public page."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction

from casestudies.models import Actor, CaseStudy
from topics.models import Source, Topic

SEED = re.compile(r"\bseeds?\b", re.IGNORECASE)


class VisibleText(HTMLParser):
    """The text a reader sees: element content outside script and style."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "demo_content", verbosity=0)
        yield
        transaction.set_rollback(True)


def public_pages():
    pages = [
        "/",
        "/topics/",
        "/case-studies/",
        "/case-studies/?page=2",
        "/timeline/",
        "/sources/",
        "/sources/?page=2",
        "/actors/",
        "/methodology/",
    ]
    pages += [t.get_absolute_url() for t in Topic.objects.published()]
    pages += [c.get_absolute_url() for c in CaseStudy.objects.published()]
    pages += [s.get_absolute_url() for s in Source.objects.all()]
    pages += [
        a.get_absolute_url()
        for a in Actor.objects.filter(case_studies__isnull=False).distinct()
    ]
    return pages


def test_no_public_page_says_seed(demo_site, db, client):
    pages = public_pages()
    assert len(pages) > 150
    offenders = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = SEED.findall(visible_text(response.content.decode()))
        if found:
            offenders[url] = found
    assert offenders == {}


def test_the_check_sees_visible_text_but_not_addresses():
    html = '<a href="/sources/seed-000/">An article</a><p>One seed says</p>'
    assert SEED.findall(visible_text(html)) == ["seed"]
