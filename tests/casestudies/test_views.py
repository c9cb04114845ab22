"""Case-study pages: facets, years in words, provenance, related links, queries."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from casestudies.filters import facet_counts
from casestudies.models import CaseStudy, Outcome, Region, Role, YearPrecision
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import Reliability

pytestmark = pytest.mark.django_db

LIST_URL = "/case-studies/"


def titles(response):
    return [c.title for c in response.context["case_studies"]]


def facet(response, name):
    return {
        link.option.value: link.option.count
        for f in response.context["facets"]
        if f.name == name
        for link in f.links
    }


# List and facets


def test_list_shows_only_published_case_studies(client):
    CaseStudyFactory(title="Public case")
    CaseStudyFactory(title="Draft case", draft=True)
    CaseStudyFactory(title="Review case", in_review=True)
    CaseStudyFactory(title="Future case", scheduled=True)

    response = client.get(LIST_URL)

    assert titles(response) == ["Public case"]
    html = response.content.decode()
    for hidden in ("Draft case", "Review case", "Future case"):
        assert hidden not in html


def test_list_filters_with_the_api_grammar(client):
    nato = ActorFactory(slug="nato")
    peace = TopicFactory(slug="peacekeeping")
    kosovo = CaseStudyFactory(title="Kosovo", region=Region.EUROPE, topics=[peace])
    ParticipationFactory(case_study=kosovo, actor=nato)
    CaseStudyFactory(title="Somalia", region=Region.AFRICA, topics=[peace])
    CaseStudyFactory(title="Japan", region=Region.ASIA_PACIFIC)

    def get(**params):
        return titles(client.get(LIST_URL, params))

    assert get(region="europe,africa") == ["Kosovo", "Somalia"]
    assert get(actor="nato") == ["Kosovo"]
    assert get(topic="peacekeeping", ordering="-title") == ["Somalia", "Kosovo"]
    assert get(outcome="failure") == []


def test_year_range_accepts_bce_years(client):
    CaseStudyFactory(title="Delian League", start_year=-478, end_year=-404)
    CaseStudyFactory(title="Congress of Vienna", start_year=1814, end_year=1815)
    CaseStudyFactory(title="Daesh coalition", start_year=2014, end_year=None)

    assert titles(client.get(LIST_URL, {"year_to": "-400"})) == ["Delian League"]
    assert titles(client.get(LIST_URL, {"year_from": "-450", "year_to": "-450"})) == [
        "Delian League"
    ]
    assert titles(client.get(LIST_URL, {"year_from": "2020"})) == ["Daesh coalition"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", ["Alpha", "Beta", "Gamma"]),
        ("-start_year", ["Beta", "Alpha", "Gamma"]),
        ("start_year", ["Gamma", "Alpha", "Beta"]),
    ],
)
def test_list_sorts_by_title_and_start_year(client, ordering, expected):
    CaseStudyFactory(title="Gamma", start_year=-300, end_year=-200)
    CaseStudyFactory(title="Alpha", start_year=1900, end_year=1910)
    CaseStudyFactory(title="Beta", start_year=2000, end_year=2001)

    assert titles(client.get(LIST_URL, {"ordering": ordering})) == expected


def test_list_sorts_by_recently_updated(client):
    older = CaseStudyFactory(title="Older")
    CaseStudyFactory(title="Newer")
    older.summary = "Edited again."
    older.save()

    assert titles(client.get(LIST_URL, {"ordering": "-updated"})) == ["Older", "Newer"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "atlantis"}, "“atlantis” is not one of the allowed values."),
        ({"year_from": "long ago"}, "Enter a number."),
        ({"ordering": "popularity"}, "“popularity” is not one of the allowed values."),
    ],
)
def test_malformed_filter_gets_the_form_error_with_400(client, params, message):
    CaseStudyFactory()

    response = client.get(LIST_URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_out_of_range_and_malformed_pages_are_404(client):
    CaseStudyFactory.create_batch(3)

    assert client.get(LIST_URL, {"page": "2"}).status_code == 404
    assert client.get(LIST_URL, {"page": "abc"}).status_code == 404


def test_pagination_keeps_the_filter_in_the_links(client):
    CaseStudyFactory.create_batch(25, region=Region.AFRICA)

    response = client.get(LIST_URL, {"region": "africa"})

    assert len(response.context["case_studies"]) == 20
    assert "?region=africa&amp;page=2" in response.content.decode()


def test_facet_counts_leave_out_their_own_facet_and_drafts(client):
    nato = ActorFactory(name="NATO", slug="nato")
    un = ActorFactory(name="United Nations", slug="un")
    peace = TopicFactory(title="Peacekeeping", slug="peacekeeping")
    hidden_topic = TopicFactory(title="Hidden topic", slug="hidden-topic", draft=True)
    kosovo = CaseStudyFactory(region=Region.EUROPE, topics=[peace, hidden_topic])
    ParticipationFactory(case_study=kosovo, actor=nato, role=Role.LEAD)
    ParticipationFactory(case_study=kosovo, actor=nato, role=Role.HOST)
    bosnia = CaseStudyFactory(region=Region.EUROPE, outcome=Outcome.MIXED)
    ParticipationFactory(case_study=bosnia, actor=un)
    CaseStudyFactory(region=Region.AFRICA, topics=[peace])
    draft = CaseStudyFactory(region=Region.AMERICAS, topics=[peace], draft=True)
    ParticipationFactory(case_study=draft, actor=ActorFactory(name="Draft-only actor"))

    response = client.get(LIST_URL, {"region": "europe"})

    # Region counts ignore the region filter itself; other facets apply it.
    assert facet(response, "region") == {"europe": 2, "africa": 1}
    assert facet(response, "outcome") == {"success": 1, "mixed": 1}
    assert facet(response, "actor") == {"nato": 1, "un": 1}
    assert facet(response, "topic") == {"peacekeeping": 1}
    html = response.content.decode()
    assert "Hidden topic" not in html
    assert "Draft-only actor" not in html
    assert "Americas" not in html


def test_facet_links_toggle_values_in_the_query_string(client):
    CaseStudyFactory(region=Region.EUROPE)
    CaseStudyFactory(region=Region.AFRICA)

    response = client.get(LIST_URL, {"region": "europe", "page": "1"})

    links = {
        link.option.value: (link.option.selected, link.url)
        for f in response.context["facets"]
        if f.name == "region"
        for link in f.links
    }
    assert links["europe"] == (True, "?")
    assert links["africa"] == (False, "?region=europe,africa")


def test_facet_counts_helper_counts_a_case_study_once_per_actor():
    actor = ActorFactory(slug="nato")
    case = CaseStudyFactory()
    ParticipationFactory(case_study=case, actor=actor, role=Role.LEAD)
    ParticipationFactory(case_study=case, actor=actor, role=Role.HOST)
    counts = facet_counts(QueryDict(""), CaseStudy.objects.published())

    assert [(o.value, o.count) for o in counts["actor"]] == [("nato", 1)]


def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    topics = TopicFactory.create_batch(3)
    actors = ActorFactory.create_batch(3)
    for i, case in enumerate(CaseStudyFactory.create_batch(55, topics=topics)):
        ParticipationFactory(case_study=case, actor=actors[i % 3])

    # count, page, participations, topics, and one grouped query per facet
    with django_assert_num_queries(8):
        response = client.get(LIST_URL, {"region": "europe", "actor": actors[0].slug})
    assert response.status_code == 200
    with django_assert_num_queries(8):
        response = client.get(LIST_URL, {"page": "2"})
    assert len(response.context["case_studies"]) == 20


# Detail


def detail_url(case_study):
    return reverse("casestudies:detail", kwargs={"slug": case_study.slug})


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (-480, -480, YearPrecision.APPROXIMATE, "c. 480 BCE"),
        (1995, 2004, YearPrecision.EXACT, "1995–2004"),
        (2014, None, YearPrecision.EXACT, "2014–ongoing"),
    ],
)
def test_detail_shows_the_years_in_words(client, start, end, precision, expected):
    case = CaseStudyFactory(
        start_year=start,
        end_year=end,
        year_precision=precision,
        outcome=Outcome.TOO_EARLY if end is None else Outcome.SUCCESS,
    )

    assert expected in client.get(detail_url(case)).content.decode()


def test_detail_shows_actors_roles_topics_metrics_and_body(client):
    peace = TopicFactory(title="Peacekeeping")
    case = CaseStudyFactory(
        body="The **mission** began.",
        topics=[peace, TopicFactory(title="Draft theme", draft=True)],
        peace_duration="substantial",
    )
    ParticipationFactory(case_study=case, actor=ActorFactory(name="NATO"), role="lead")
    ParticipationFactory(
        case_study=case, actor=ActorFactory(name="Serbia"), role="adversary"
    )

    html = client.get(detail_url(case)).content.decode()

    assert "NATO</a>: lead" in html
    assert "Serbia</a>: adversary" in html
    assert "Peacekeeping" in html
    assert "Draft theme" not in html
    assert "<strong>mission</strong>" in html
    assert "<dt>Duration of peace</dt><dd>Substantial</dd>" in html


def test_related_case_studies_share_topics_or_actors_and_are_published(client):
    topic = TopicFactory()
    actor = ActorFactory()
    case = CaseStudyFactory(topics=[topic])
    ParticipationFactory(case_study=case, actor=actor)
    CaseStudyFactory(title="Same topic", topics=[topic])
    ParticipationFactory(case_study=CaseStudyFactory(title="Same actor"), actor=actor)
    CaseStudyFactory(title="Draft sibling", topics=[topic], draft=True)
    CaseStudyFactory(title="Unrelated")

    response = client.get(detail_url(case))

    assert {c.title for c in response.context["related_case_studies"]} == {
        "Same topic",
        "Same actor",
    }
    assert "Draft sibling" not in response.content.decode()


@pytest.mark.parametrize("trait", ["draft", "in_review", "scheduled"])
def test_unpublished_case_study_is_404_for_readers_and_visible_to_editors(
    client, editor, trait
):
    case = CaseStudyFactory(**{trait: True})

    assert client.get(detail_url(case)).status_code == 404
    client.force_login(editor)
    assert client.get(detail_url(case)).status_code == 200


def test_case_resting_only_on_ai_sources_is_marked_unverified(client):
    case = CaseStudyFactory()
    CitationFactory(
        topic=None,
        case_study=case,
        source=SourceFactory(reliability=Reliability.AI_GENERATED),
    )

    html = client.get(detail_url(case)).content.decode()

    assert "rests only on AI-generated sources" in html
    assert "Reliability: AI-generated, unverified" in html


def test_case_study_cite_downloads(client):
    case = CaseStudyFactory(title="NATO & the Balkans_1995", slug="nato-balkans")

    bib = client.get(reverse("casestudies:cite", args=[case.slug, "bibtex"]))
    ris = client.get(reverse("casestudies:cite", args=[case.slug, "ris"]))

    assert r"title = {{NATO \& the Balkans\_1995}}" in bib.content.decode()
    assert "TI  - NATO & the Balkans_1995\r\n" in ris.content.decode()
    assert ris["Content-Type"].startswith("application/x-research-info-systems")


def test_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    topics = TopicFactory.create_batch(10)
    case = CaseStudyFactory(topics=topics)
    for actor in ActorFactory.create_batch(10):
        ParticipationFactory(case_study=case, actor=actor)
    for _ in range(15):
        CitationFactory(topic=None, case_study=case)
    CaseStudyFactory.create_batch(20, topics=topics[:2])

    # case study, participations, topics, citations, related
    with django_assert_num_queries(5):
        response = client.get(detail_url(case))
    assert len(response.context["related_case_studies"]) == 5


# Actors and timeline


def test_actor_page_lists_roles_in_published_case_studies_only(client):
    actor = ActorFactory(name="NATO")
    ParticipationFactory(
        actor=actor, case_study=CaseStudyFactory(title="Kosovo"), role="lead"
    )
    ParticipationFactory(
        actor=actor, case_study=CaseStudyFactory(title="Secret plan", draft=True)
    )

    response = client.get(actor.get_absolute_url())

    html = response.content.decode()
    assert "Kosovo</a> (1995–2004): lead" in html
    assert "Secret plan" not in html


def test_actor_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    actor = ActorFactory()
    for case in CaseStudyFactory.create_batch(55):
        ParticipationFactory(case_study=case, actor=actor)

    # actor, how many roles, one page of them, the map's countries
    with django_assert_num_queries(4):
        response = client.get(actor.get_absolute_url())
    assert len(response.context["participations"]) == 50
    assert response.context["paginator"].count == 55


def test_unknown_actor_is_404(client):
    assert client.get("/actors/nobody/").status_code == 404


def test_timeline_groups_published_case_studies_by_era(client):
    CaseStudyFactory(title="Delian League", start_year=-478, end_year=-404)
    CaseStudyFactory(title="Kosovo", start_year=1999, end_year=2004)
    CaseStudyFactory(title="Berlin airlift", start_year=1948, end_year=1949)
    CaseStudyFactory(title="Draft era case", start_year=1600, end_year=1601, draft=True)

    response = client.get(reverse("casestudies:timeline"))

    eras = [
        (g.era.name, [c.title for c in g.case_studies])
        for g in response.context["eras"]
    ]
    assert eras == [
        ("Antiquity", ["Delian League"]),
        ("Cold War", ["Berlin airlift"]),
        ("After the Cold War", ["Kosovo"]),
    ]
    html = response.content.decode()
    assert "c. 478" not in html and "478–404 BCE" in html
    assert "Draft era case" not in html


def test_timeline_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for year in range(-500, 2000, 45):
        CaseStudyFactory(start_year=year or 1, end_year=None, outcome="too_early")
    assert CaseStudy.objects.count() >= 50

    with django_assert_num_queries(2):  # counts per era, the page's rows
        client.get(reverse("casestudies:timeline"))


def test_a_subclass_that_only_widens_the_rows_renders_the_same_page(rf, editor):
    """Relations follow the requester's visibility, as in the API: staff see drafts."""
    from casestudies.views import CaseStudyDetailView

    class PreviewView(CaseStudyDetailView):
        def rows(self):
            return CaseStudy.objects.all()

    case = CaseStudyFactory(
        title="Draft being previewed",
        draft=True,
        topics=[
            TopicFactory(title="Public theme"),
            TopicFactory(title="Draft theme", draft=True),
        ],
    )
    request = rf.get(detail_url(case))
    request.user = editor

    html = PreviewView.as_view()(request, slug=case.slug).rendered_content

    assert "Draft being previewed" in html
    assert "Public theme" in html
    assert "Draft theme" in html


def test_unknown_facet_values_drop_out_of_the_form_and_links(client):
    CaseStudyFactory(region=Region.EUROPE)

    response = client.get(LIST_URL, {"region": "europe,mars"})

    assert response.status_code == 400
    region = next(f for f in response.context["facets"] if f.name == "region")
    assert region.current == "europe"
    assert '<input type="hidden" name="region" value="europe">' in (
        response.content.decode()
    )


def test_an_unknown_parameter_is_a_400_on_the_page_as_in_the_api(client):
    CaseStudyFactory()

    page = client.get(LIST_URL, {"regoin": "europe"})
    api = client.get(reverse("api:casestudy-list"), {"regoin": "europe"})

    assert page.status_code == 400
    assert "“regoin” is not a filter of this list." in page.content.decode()
    assert api.status_code == 400
    assert "regoin" in api.json()["errors"]


def test_list_parameters_are_not_unknown(client):
    CaseStudyFactory()

    assert client.get(LIST_URL, {"page": "1", "ordering": "title"}).status_code == 200
