"""No WCAG 2.1 A or AA violation that axe-core finds on the main reader pages.

axe-core comes with the pinned PyPI package axe-playwright-python (it ships
axe.min.js, MPL-2.0); Playwright evaluates it in the page, so the site's
Content-Security-Policy stays as it is.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from casestudies.models import Actor, CaseStudy
from tests.factories import CaseStudyFactory, CitationFactory, TopicFactory

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def site():
    """The curated demo content, and a topic and case study citing inline."""
    call_command("load_demo_content", verbosity=0)
    topic = TopicFactory(
        title="Defence diplomacy",
        body="Attachés report to two ministries.[^a] Exercises build trust.[^b] "
        "Both matter.[^a]",
    )
    CitationFactory(topic=topic, key="a")
    CitationFactory(topic=topic, key="b", verification="verified")
    case = CaseStudy.objects.published().filter(body__gt="").first()
    case.body += "\n\nA sentence with its source.[^src]"
    case.save()
    CitationFactory(topic=None, case_study=case, key="src")
    actor = Actor.objects.get(slug="united-states")
    other = CaseStudyFactory(
        title="Exercise with an uncertain start",
        year_precision="decade",
        start_year=1990,
        end_year=None,
        outcome="ongoing",
    )
    return [
        "/",
        "/case-studies/",
        actor.get_absolute_url(),
        "/timeline/",
        topic.get_absolute_url(),
        case.get_absolute_url(),
        other.get_absolute_url(),
        "/search/?q=nato",
    ]


def violations(tab, paths) -> list[str]:
    axe = Axe()
    found = []
    for path in paths:
        response = tab.goto(path)
        assert response.status == 200, path
        results = axe.run(tab, options=WCAG_21_AA)
        if results.violations_count:
            found.append(f"{path}:\n{results.generate_report()}")
    return found


def test_main_pages_have_no_wcag_violation_on_a_desktop(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    found = violations(page, site)
    assert not found, "\n".join(found)


def test_main_pages_have_no_wcag_violation_on_a_phone(phone_page, site):
    found = violations(phone_page, site)
    assert not found, "\n".join(found)
