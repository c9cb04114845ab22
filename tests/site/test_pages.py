"""Site-wide pages and the no-draft-leak rule on every public path."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def mixed_content():
    """Published content, each linked to draft, in-review and scheduled content."""
    topic = TopicFactory(title="Public topic", slug="public-topic")
    child = TopicFactory(title="Public child", slug="public-child", parent=topic)
    actor = ActorFactory(name="Public actor", slug="public-actor")
    source = SourceFactory(title="Public source", slug="public-source")
    case = CaseStudyFactory(title="Public case", slug="public-case", topics=[topic])
    ParticipationFactory(case_study=case, actor=actor)
    CitationFactory(topic=topic, source=source)
    CitationFactory(topic=None, case_study=case, source=source)
    hidden = []
    for trait in ("draft", "in_review", "scheduled"):
        label = f"Leaky {trait.replace('_', ' ')}"
        hidden_topic = TopicFactory(
            title=f"{label} topic",
            slug=f"leaky-{trait}-topic",
            parent=topic,
            **{trait: True},
        )
        topic.related.add(hidden_topic)
        hidden_case = CaseStudyFactory(
            title=f"{label} case",
            slug=f"leaky-{trait}-case",
            topics=[topic, child],
            region="americas",
            outcome="failure",
            **{trait: True},
        )
        ParticipationFactory(case_study=hidden_case, actor=actor)
        ParticipationFactory(
            case_study=hidden_case,
            actor=ActorFactory(name=f"{label} actor", slug=f"leaky-{trait}-actor"),
        )
        hidden_case.topics.add(hidden_topic)
        CitationFactory(topic=hidden_topic, source=source, claim=f"{label} claim")
        CitationFactory(
            topic=None, case_study=hidden_case, source=source, claim=f"{label} claim"
        )
        hidden += [hidden_topic, hidden_case]
    return {
        "topic": topic,
        "case": case,
        "actor": actor,
        "source": source,
        "hidden": hidden,
    }


def public_paths(content):
    topic, case = content["topic"], content["case"]
    return [
        "/",
        reverse("topics:list"),
        topic.get_absolute_url(),
        reverse("topics:detail", args=["public-child"]),
        reverse("casestudies:list"),
        reverse("casestudies:list") + "?region=americas",
        reverse("casestudies:list") + f"?topic={topic.slug}",
        reverse("casestudies:list") + "?actor=public-actor&outcome=failure",
        case.get_absolute_url(),
        content["actor"].get_absolute_url(),
        reverse("topics:source-list"),
        content["source"].get_absolute_url(),
        reverse("casestudies:timeline"),
        reverse("feed-case-studies"),
        reverse("feed-topics"),
        reverse("sitemap"),
        reverse("topics:cite", args=[topic.slug, "bibtex"]),
        reverse("casestudies:cite", args=[case.slug, "csl-json"]),
    ]


def test_no_public_path_shows_unpublished_content(client, mixed_content):
    for path in public_paths(mixed_content):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "Leaky" not in body, path
        assert "leaky-" not in body, path


def test_every_unpublished_page_is_404_for_readers(client, mixed_content):
    for obj in mixed_content["hidden"]:
        assert client.get(obj.get_absolute_url()).status_code == 404
        app = "topics" if obj._meta.app_label == "topics" else "casestudies"
        cite = reverse(f"{app}:cite", args=[obj.slug, "ris"])
        assert client.get(cite).status_code == 404


def test_home_counts_and_lists_only_published_content(client, mixed_content):
    response = client.get("/")

    assert response.context["counts"] == {
        "topics": 2,
        "case_studies": 1,
        "actors": 1,
        "sources": 1,
    }
    assert [t.title for t in response.context["topics"]] == ["Public topic"]
    assert [c.title for c in response.context["case_studies"]] == ["Public case"]


def test_home_has_one_search_box_for_the_search_page(client):
    html = client.get("/").content.decode()

    forms = re.findall(r'<form[^>]*action="/search/"[^>]*>.*?</form>', html, re.S)
    assert len(forms) == 1
    assert html.count('type="search"') == 1
    for form in forms:
        assert 'method="get"' in form
        assert 'name="q"' in form
        field_id = re.search(r'<input id="([^"]+)"', form).group(1)
        assert f'<label class="visually-hidden" for="{field_id}"' in form or (
            f'<label for="{field_id}"' in form
        )


def test_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for topic in TopicFactory.create_batch(10):
        CaseStudyFactory.create_batch(5, topics=[topic])

    # featured topics with their subtrees' counts, four counts, latest case studies and
    # their participations and topics
    with django_assert_num_queries(8):
        client.get("/")


def test_pages_carry_seo_and_accessibility_landmarks(client, mixed_content):
    html = client.get(mixed_content["case"].get_absolute_url()).content.decode()

    assert (
        '<link rel="canonical" href="http://testserver/case-studies/public-case/">'
        in html
    )
    assert '<meta property="og:title" content="Public case">' in html
    assert '<meta name="description" content="' in html
    assert "application/atom+xml" in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert html.count("<h1>") == 1


def test_case_study_feed_is_atom_with_published_items_newest_first(client):
    from django.utils import timezone

    now = timezone.now()
    CaseStudyFactory(title="Older", publish_at=now - timezone.timedelta(days=3))
    CaseStudyFactory(title="Newer", publish_at=now - timezone.timedelta(days=1))
    CaseStudyFactory(title="Hidden", draft=True)

    response = client.get(reverse("feed-case-studies"))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == [
        "Newer",
        "Older",
    ]


def test_topic_feed_lists_published_topics(client):
    TopicFactory(title="Visible")
    TopicFactory(title="Scheduled", scheduled=True)

    feed = ET.fromstring(client.get(reverse("feed-topics")).content)

    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == [
        "Visible"
    ]


def test_sitemap_lists_published_pages_and_actors_of_published_cases(
    client, mixed_content
):
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-case-studies.xml" in sections
    urls = set()
    for section in sections:
        response = client.get(section.removeprefix("http://testserver"))
        urls |= {
            loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")
        }
    expected = {
        "http://testserver/",
        "http://testserver/timeline/",
        "http://testserver/topics/public-topic/",
        "http://testserver/topics/public-child/",
        "http://testserver/case-studies/public-case/",
        "http://testserver/actors/public-actor/",
        "http://testserver/sources/public-source/",
    }
    assert expected <= urls
    assert not [u for u in urls if "leaky" in u]


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_unknown_path_gets_the_site_404_page(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_server_error_gets_the_site_500_page(monkeypatch):
    from milidip_site import views

    def explode(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_context_data", explode)
    client = Client(raise_request_exception=False)

    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_static_css_is_served_from_the_project(client):
    html = client.get("/").content.decode()
    assert "/static/css/site.css" in html
    assert "http" not in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)[0]


def test_home_describes_the_site_search_in_json_ld(client):
    html = client.get("/").content.decode()

    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == "http://testserver/search/?q={query}"


@pytest.mark.parametrize(
    ("name", "queries"), [("feed-case-studies", 1), ("feed-topics", 1), ("sitemap", 7)]
)
def test_feeds_and_sitemap_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, name, queries
):
    topics = TopicFactory.create_batch(30)
    for case in CaseStudyFactory.create_batch(30, topics=topics[:2]):
        ParticipationFactory(case_study=case)
    SourceFactory.create_batch(5)

    with django_assert_num_queries(queries):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_featured_topic_counts_published_case_studies_of_its_whole_subtree(client):
    root = TopicFactory(title="Instruments")
    child = TopicFactory(title="Exercises", parent=root)
    grandchild = TopicFactory(title="Naval exercises", parent=child)
    CaseStudyFactory(topics=[child])
    CaseStudyFactory(topics=[grandchild, child])  # counted once
    CaseStudyFactory(topics=[grandchild], draft=True)
    topics = client.get(reverse("home")).context["topics"]
    assert {t.title: t.case_study_count for t in topics} == {"Instruments": 2}


def test_canonical_url_keeps_the_page_number_but_not_the_filters(client):
    for i in range(25):
        CaseStudyFactory(title=f"Case {i:02}")
    first = client.get("/case-studies/?region=europe&ordering=title")
    assert first.context["page_url"] == "http://testserver/case-studies/"
    second = client.get("/case-studies/?region=europe&page=2")
    assert second.context["page_url"] == "http://testserver/case-studies/?page=2"
    assert '<link rel="canonical" href="http://testserver/case-studies/?page=2">' in (
        second.content.decode()
    )
