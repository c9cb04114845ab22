"""The case studies and actors API: facets, nested actors, writes, CSV exports."""

import csv
import io

import pytest
from django.core.cache import cache
from rest_framework.reverse import reverse

from casestudies.models import ActorKind, CaseStudy, Outcome, Region, Role
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def case_url(slug):
    return reverse("api:casestudy-detail", kwargs={"slug": slug})


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def cases():
    nato, au = ActorFactory(slug="nato"), ActorFactory(slug="african-union")
    peacekeeping = TopicFactory(slug="peacekeeping")
    bosnia = CaseStudyFactory(
        slug="bosnia",
        title="IFOR in Bosnia",
        start_year=1995,
        end_year=1996,
        region=Region.EUROPE,
        topics=[peacekeeping],
    )
    somalia = CaseStudyFactory(
        slug="somalia",
        title="AMISOM in Somalia",
        summary="African Union mission",
        start_year=2007,
        end_year=None,
        region=Region.AFRICA,
        outcome=Outcome.TOO_EARLY,
    )
    daesh = CaseStudyFactory(
        slug="daesh",
        title="Coalition against Daesh",
        start_year=2014,
        end_year=2019,
        region=Region.MIDDLE_EAST,
        outcome=Outcome.MIXED,
        topics=[peacekeeping],
    )
    ParticipationFactory(case_study=bosnia, actor=nato, role=Role.LEAD)
    ParticipationFactory(case_study=somalia, actor=au, role=Role.LEAD)
    ParticipationFactory(case_study=daesh, actor=nato, role=Role.PARTNER)
    ParticipationFactory(case_study=daesh, actor=au, role=Role.PARTNER)
    return bosnia, somalia, daesh


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "europe,africa"}, ["bosnia", "somalia"]),
        ({"region": "middle-east"}, ["daesh"]),
        ({"actor": "nato"}, ["bosnia", "daesh"]),
        ({"actor": "nato,african-union"}, ["bosnia", "somalia", "daesh"]),
        ({"topic": "peacekeeping"}, ["bosnia", "daesh"]),
        ({"outcome": "too_early,mixed"}, ["somalia", "daesh"]),
        ({"year_from": "2000"}, ["somalia", "daesh"]),
        ({"year_to": "2010"}, ["bosnia", "somalia"]),
        ({"year_from": "1996", "year_to": "2007"}, ["bosnia", "somalia"]),
        ({"q": "african union"}, ["somalia"]),
        ({"ordering": "-start_year"}, ["daesh", "somalia", "bosnia"]),
        ({"ordering": "title"}, ["somalia", "daesh", "bosnia"]),
        ({"region": "europe", "actor": "nato"}, ["bosnia"]),
    ],
)
def test_case_study_facets_match_the_site(api_client, cases, params, expected):
    assert slugs(api_client.get(reverse("api:casestudy-list"), params)) == expected


def test_case_study_detail_nests_actors_topics_and_citations(api_client, cases):
    bosnia = cases[0]
    CitationFactory(
        topic=None,
        case_study=bosnia,
        source=SourceFactory(reliability="journalism"),
        verification="verified",
    )

    data = api_client.get(case_url(bosnia.slug)).json()

    assert data["years_display"] == "1995–1996"
    assert data["participants"] == [
        {
            "actor": "nato",
            "actor_name": bosnia.actors.get().name,
            "actor_kind": "international_org",
            "actor_api_url": "http://testserver/api/v1/actors/nato/",
            "role": "lead",
            "note": "",
        }
    ]
    assert data["topics"] == ["peacekeeping"]
    [citation] = data["citations"]
    assert citation["verification"] == "verified"
    assert citation["source"]["reliability"] == "journalism"
    assert data["site_url"] == "http://testserver/case-studies/bosnia/"


def test_case_study_list_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    topic = TopicFactory()
    for _ in range(60):
        case = CaseStudyFactory(topics=[topic])
        ParticipationFactory(case_study=case)
        CitationFactory(topic=None, case_study=case)

    # The compact list: count and page, no relation.
    with django_assert_num_queries(2):
        response = api_client.get(reverse("api:casestudy-list"), {"page_size": 100})
    assert len(response.json()["results"]) == 60
    assert "participants" not in response.json()["results"][0]

    # Expanded: then participations (with actors), topics, citations (with sources).
    cache.clear()  # the total is cached from the compact list
    with django_assert_num_queries(5):
        response = api_client.get(
            reverse("api:casestudy-list"),
            {"page_size": 100, "expand": "participants,topics,citations"},
        )
    rows = response.json()["results"]
    assert len(rows) == 60
    assert all(len(row["participants"]) == len(row["citations"]) == 1 for row in rows)


def test_case_study_export_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    for _ in range(60):
        ParticipationFactory(case_study=CaseStudyFactory(topics=[TopicFactory()]))

    # Case studies, participations (with actors), topics.
    with django_assert_num_queries(3):
        response = api_client.get(reverse("api:casestudy-export"))
    assert len(response.content.decode().splitlines()) == 61


def test_actor_list_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    for _ in range(60):
        ParticipationFactory()

    with django_assert_num_queries(3):
        response = api_client.get(reverse("api:actor-list"), {"page_size": 100})
    rows = response.json()["results"]
    assert len(rows) == 60
    assert all(len(row["case_studies"]) == 1 for row in rows)


def test_actor_filters(api_client):
    ActorFactory(name="Japan", slug="japan", kind=ActorKind.STATE, iso_code="JP")
    ActorFactory(name="NATO", slug="nato", kind=ActorKind.ALLIANCE)
    url = reverse("api:actor-list")

    assert slugs(api_client.get(url, {"kind": "state"})) == ["japan"]
    assert slugs(api_client.get(url, {"q": "nat"})) == ["nato"]
    assert slugs(api_client.get(url, {"ordering": "-name"})) == ["nato", "japan"]


def test_case_study_export_is_csv_honouring_filters(api_client, cases):
    response = api_client.get(
        reverse("api:casestudy-export"), {"region": "europe,middle-east"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="milidip-case-studies.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["bosnia", "daesh"]
    assert rows[0]["topics"] == "peacekeeping"
    assert rows[1]["years_display"] == "2014–2019"
    assert rows[1]["actors"].count("(Partner)") == 2


def test_actor_export_is_csv(api_client, cases):
    response = api_client.get(reverse("api:actor-export"), {"q": "actor"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == {"nato", "african-union"}
    assert by_slug["nato"]["case_studies"] == "bosnia; daesh"


def test_end_year_before_start_is_refused_with_the_admin_message(
    editor_api_client, cases
):
    response = editor_api_client.patch(
        case_url("bosnia"), {"end_year": 1990}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "end_year": ["The end year cannot be before the start year."]
    }


def test_year_zero_is_refused(editor_api_client, cases):
    response = editor_api_client.patch(
        case_url("bosnia"), {"start_year": 0}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["start_year"] == [
        "There is no year 0: 1 BCE (−1) is followed by 1 CE."
    ]


def test_ongoing_is_refused_as_an_outcome(editor_api_client, cases):
    """Whether a case has ended is its end year; the outcome is a judgement."""
    response = editor_api_client.patch(
        case_url("somalia"), {"outcome": "ongoing"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "outcome": ['"ongoing" is not a valid choice.']
    }


@pytest.mark.parametrize("outcome", ["too_early", "not_assessed", "success"])
def test_an_ended_or_ongoing_case_takes_any_rating(editor_api_client, cases, outcome):
    for slug in ("bosnia", "somalia"):
        response = editor_api_client.patch(
            case_url(slug), {"outcome": outcome}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["outcome"] == outcome


def test_editor_creates_a_case_study_with_participants_and_topics(editor_api_client):
    nato, host = ActorFactory(), ActorFactory()
    topic = TopicFactory(draft=True)

    response = editor_api_client.post(
        reverse("api:casestudy-list"),
        {
            "title": "IFOR",
            "slug": "ifor",
            "summary": "Implementation force.",
            "start_year": 1995,
            "region": "europe",
            "outcome": "too_early",
            "participants": [
                {"actor": nato.slug, "role": "lead"},
                {"actor": host.slug, "role": "host", "note": "Host nation"},
            ],
            "topics": [topic.slug],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert [p["actor"] for p in response.json()["participants"]] == [
        host.slug,
        nato.slug,
    ]
    case = CaseStudy.objects.get(slug="ifor")
    assert set(case.actors.all()) == {nato, host}
    assert list(case.topics.all()) == [topic]


def test_participants_write_replaces_the_list(editor_api_client, cases):
    newcomer = ActorFactory()

    response = editor_api_client.patch(
        case_url("daesh"),
        {"participants": [{"actor": newcomer.slug, "role": "mediator"}]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert [p["actor"] for p in response.json()["participants"]] == [newcomer.slug]
    # Published: the change waits for a reviewer, readers keep the old list.
    assert newcomer not in cases[2].actors.all()
    draft = editor_api_client.get(case_url("daesh"), {"version": "draft"})
    assert [p["actor"] for p in draft.json()["participants"]] == [newcomer.slug]


def test_duplicate_participants_are_refused(editor_api_client, cases):
    nato = cases[0].actors.get()

    response = editor_api_client.patch(
        case_url("bosnia"),
        {
            "participants": [
                {"actor": nato.slug, "role": "lead"},
                {"actor": nato.slug, "role": "lead"},
            ]
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["participants"]


def test_unknown_actor_slug_is_a_field_error(editor_api_client, cases):
    response = editor_api_client.patch(
        case_url("bosnia"),
        {"participants": [{"actor": "atlantis", "role": "lead"}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "participants.0.actor": ["Object with slug=atlantis does not exist."]
    }


def test_actor_iso_code_rules_match_the_admin(editor_api_client):
    response = editor_api_client.post(
        reverse("api:actor-list"),
        {"name": "NATO", "slug": "nato", "kind": "alliance", "iso_code": "US"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["iso_code"] == [
        "Only states have an ISO 3166 code."
    ]


def test_actor_export_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    for _ in range(60):
        ParticipationFactory()

    with django_assert_num_queries(2):
        response = api_client.get(reverse("api:actor-export"))
    assert len(response.content.decode().splitlines()) == 61


def test_out_of_range_years_are_an_empty_list_not_an_error(api_client, cases):
    url = reverse("api:casestudy-list")

    # Only the ongoing case is still running in any future year.
    assert slugs(api_client.get(url, {"year_from": "1e30"})) == ["somalia"]
    assert slugs(api_client.get(url, {"year_to": "-99999999999999999999"})) == []
