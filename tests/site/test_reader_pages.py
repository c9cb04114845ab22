"""Methodology, labels, flags on every card, actors index, favicon, crawler hints."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.models import ActorKind, MetricRating, Outcome, Role
from casestudies.timeline import group_by_era, timeline_rows
from search.backends import strip_markdown
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    EditorFactory,
    ParticipationFactory,
    ReviewerFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import Reliability, VerificationStatus

pytestmark = pytest.mark.django_db

AI_FLAG = "Unverified: AI-generated sources only"


def ai_only_topic(**kwargs):
    topic = TopicFactory(**kwargs)
    CitationFactory(
        topic=topic, source=SourceFactory(reliability=Reliability.AI_GENERATED)
    )
    return topic


# Methodology and labels


def test_methodology_defines_every_label_and_rating(client):
    html = client.get(reverse("methodology")).content.decode()
    for value in Reliability.values:
        assert f'id="reliability-{value}"' in html
    for value in VerificationStatus.values:
        assert f'id="verification-{value}"' in html
    for value in Outcome.values:
        assert f'id="outcome-{value}"' in html
    for value in MetricRating.values:
        assert f'id="metric-{value}"' in html
    for anchor in ("labels", "provenance", "disputed", "report-an-error", "curation"):
        assert f'id="{anchor}"' in html


def test_methodology_shows_the_contact_address_when_one_is_set(client, settings):
    settings.MILIDIP_CONTACT_EMAIL = "editors@example.org"
    html = client.get(reverse("methodology")).content.decode()
    assert 'href="mailto:editors@example.org"' in html


def test_every_page_links_the_methodology_from_the_footer(client):
    html = client.get(reverse("topics:list")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/methodology/"' in footer


def test_badges_link_to_their_definition_with_a_legend(client):
    topic = TopicFactory()
    CitationFactory(topic=topic, source=SourceFactory(reliability=Reliability.OFFICIAL))
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'href="/methodology/#reliability-official"' in html
    assert 'href="/methodology/#verification-unverified"' in html
    legend = html.index('href="/methodology/#labels"')
    assert legend < html.index('class="badge badge--official"')


@pytest.mark.parametrize(
    ("user_factory", "role"),
    [(ReviewerFactory, "a reviewer"), (EditorFactory, "an editor")],
)
def test_verified_citations_name_the_role_and_date_never_the_user(
    client, user_factory, role
):
    user = user_factory(username="jdoe")
    topic = TopicFactory()
    CitationFactory(
        topic=topic,
        verification=VerificationStatus.VERIFIED,
        verified_by=user,
        verified_at=datetime(2026, 11, 3, 12, tzinfo=UTC),
    )
    html = client.get(topic.get_absolute_url()).content.decode()
    assert f"Verified by {role} on" in html
    assert '<time datetime="2026-11-03">3 November 2026</time>' in html
    assert "jdoe" not in html


def test_verified_by_adds_no_query_to_the_topic_page(client, django_assert_num_queries):
    topic = TopicFactory()
    for _ in range(5):
        CitationFactory(
            topic=topic,
            verification=VerificationStatus.VERIFIED,
            verified_by=ReviewerFactory(),
            verified_at=timezone.now(),
        )
    # The same as with unverified citations (the page lists its subtree's cases).
    with django_assert_num_queries(6):
        response = client.get(topic.get_absolute_url())
    assert response.content.decode().count("Verified by a reviewer on") == 5


# The AI-only flag on every card


def test_topic_tree_flags_ai_only_topics_in_one_query(
    client, django_assert_num_queries
):
    ai_only_topic(title="Hybrid warfare")
    sourced = TopicFactory(title="Peacekeeping")
    CitationFactory(topic=sourced)
    TopicFactory(title="Cyber")  # cites nothing
    with django_assert_num_queries(1):
        html = client.get(reverse("topics:list")).content.decode()
    items = {
        title: html[html.index(f">{title}</a>") :][:800]
        for title in ("Hybrid warfare", "Peacekeeping", "Cyber")
    }
    assert AI_FLAG in items["Hybrid warfare"].split("</li>")[0]
    assert AI_FLAG not in items["Peacekeeping"].split("</li>")[0]
    assert "No sources cited yet" in items["Cyber"].split("</li>")[0]


def test_home_featured_topics_carry_the_flag(client):
    ai_only_topic(title="Hybrid warfare")
    html = client.get("/").content.decode()
    featured = html[html.index("Featured topics") : html.index("Latest case studies")]
    assert AI_FLAG in featured


@pytest.mark.parametrize("rows", [3, 30])
def test_search_hits_carry_the_flag_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
):
    for n in range(rows):
        ai_only_topic(title=f"Embassy topic {n}")
    sourced = TopicFactory(title="Embassy sourced")
    CitationFactory(topic=sourced)
    case = CaseStudyFactory(title="Embassy case")
    CitationFactory(
        topic=None, case_study=case, source=SourceFactory(reliability="ai_generated")
    )
    with django_assert_num_queries(3):
        html = client.get(reverse("search:results"), {"q": "embassy"}).content.decode()
    hits = re.findall(r'<li class="search-hit .*?</li>', html, re.S)
    flagged = [h for h in hits if AI_FLAG in h]
    assert len(hits) == min(rows + 2, 20)
    unflagged = [h for h in hits if AI_FLAG not in h]
    assert len(flagged) == len(hits) - len(unflagged)
    assert all("/topics/embassy-sourced/" in h for h in unflagged)
    assert len(unflagged) <= 1


# Search snippets are plain text


def test_search_snippets_show_no_markdown(client):
    TopicFactory(
        title="Multilateralism",
        summary="Sharing the load.",
        body="## Costs\n\n- **burden-sharing** and _legitimacy_, see "
        "[the UN](/topics/un/) and `code`.",
    )
    html = client.get(reverse("search:results"), {"q": "burden"}).content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>burden</mark>-sharing and legitimacy, see the UN and code" in snippet
    for markup in ("**", "_legitimacy_", "](", "##", "`"):
        assert markup not in snippet


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**\ue000x\ue001**", "\ue000x\ue001"),
        ("# Title", "Title"),
        ("1. first\n- second", "first\nsecond"),
        ("War](/case-studies/nato/) and [China](/case-studies/ch", "War and China"),
        ("snake_case 000_a17.txt", "snake_case 000_a17.txt"),
        ("in\n1999. The end", "in\n1999. The end"),
    ],
)
def test_strip_markdown(markdown, plain):
    assert strip_markdown(markdown) == plain


# Cards and the timeline


def test_an_actor_with_two_roles_is_listed_once_on_a_card(client):
    case = CaseStudyFactory()
    philippines, usa = (
        ActorFactory(name="Philippines"),
        ActorFactory(name="United States"),
    )
    ParticipationFactory(case_study=case, actor=philippines, role=Role.HOST)
    ParticipationFactory(case_study=case, actor=philippines, role=Role.PARTNER)
    ParticipationFactory(case_study=case, actor=usa, role=Role.LEAD)
    html = client.get(reverse("casestudies:list")).content.decode()
    actors = re.search(r'<p class="card__actors">(.*?)</p>', html, re.S).group(1)
    assert actors.count("Philippines") == 1
    assert "United States" in actors


def test_the_age_of_exploration_is_early_modern():
    CaseStudyFactory(title="European armed trade", start_year=1498, end_year=1700)
    CaseStudyFactory(title="Crusader states", start_year=1099, end_year=1291)
    eras = {
        g.era.name: [c.title for c in g.case_studies]
        for g in group_by_era(timeline_rows())
    }
    assert eras["Early modern period"] == ["European armed trade"]
    assert eras["Middle Ages"] == ["Crusader states"]


def test_year_filters_say_they_match_cases_active_in_the_range(client):
    html = client.get(reverse("casestudies:list")).content.decode()
    assert ">Active from year</label>" in html
    assert ">Active until year</label>" in html
    assert "active at any time in this range" in html


# Actors index


def test_actors_index_lists_actors_of_published_cases_with_kinds(client):
    case = CaseStudyFactory()
    ParticipationFactory(
        case_study=case, actor=ActorFactory(name="NATO", kind="alliance")
    )
    ParticipationFactory(
        case_study=case, actor=ActorFactory(name="Japan", kind=ActorKind.STATE)
    )
    ParticipationFactory(
        case_study=CaseStudyFactory(draft=True), actor=ActorFactory(name="Hidden")
    )
    response = client.get(reverse("casestudies:actor-list"))
    html = response.content.decode()
    assert [a.name for a in response.context["actors"]] == ["Japan", "NATO"]
    assert "Hidden" not in html
    assert 'href="?kind=state" rel="nofollow"' in html
    assert 'Alliance or coalition <span class="count">(1)</span>' in html


def test_actors_index_filters_by_kind_and_text(client):
    case = CaseStudyFactory()
    for name, kind in [("NATO", "alliance"), ("Japan", "state"), ("Jordan", "state")]:
        ParticipationFactory(case_study=case, actor=ActorFactory(name=name, kind=kind))
    by_kind = client.get(reverse("casestudies:actor-list"), {"kind": "state"})
    assert [a.name for a in by_kind.context["actors"]] == ["Japan", "Jordan"]
    assert '<meta name="robots" content="noindex">' in by_kind.content.decode()
    by_text = client.get(reverse("casestudies:actor-list"), {"q": "jap"})
    assert [a.name for a in by_text.context["actors"]] == ["Japan"]


def test_actors_index_refuses_an_unknown_kind_with_400(client):
    response = client.get(reverse("casestudies:actor-list"), {"kind": "empire"})
    assert response.status_code == 400
    assert "is not one of the allowed values" in response.content.decode()


def test_actors_index_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for case in CaseStudyFactory.create_batch(5):
        ParticipationFactory.create_batch(4, case_study=case)
    with django_assert_num_queries(3):  # count, page, counts by kind
        response = client.get(reverse("casestudies:actor-list"))
    assert len(response.context["actors"]) == 20


def test_home_actor_count_links_to_the_actors_index(client):
    html = client.get("/").content.decode()
    assert re.search(r'<a href="/actors/"><strong>\d+</strong> actors?</a>', html)


# Favicon and crawlers


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
    assert client.head("/favicon.ico").status_code == 200


def test_filtered_lists_are_noindex_and_facet_links_nofollow(client):
    CaseStudyFactory(region="europe")
    plain = client.get(reverse("casestudies:list")).content.decode()
    filtered = client.get(reverse("casestudies:list"), {"region": "europe"})
    html = filtered.content.decode()
    assert 'name="robots"' not in plain
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://testserver/case-studies/">' in html
    facet_links = re.findall(r'<a href="\?[^"]*"[^>]*>', html)
    assert facet_links and all('rel="nofollow"' in link for link in facet_links)


def test_robots_txt_keeps_crawlers_out_of_filter_combinations(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /case-studies/*?*region=" in text
    assert "Disallow: /actors/*?*kind=" in text
    assert "Disallow: /search/" in text
    assert "Disallow: /case-studies/\n" not in text  # the plain list stays open
