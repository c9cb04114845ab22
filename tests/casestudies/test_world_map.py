"""The map of case studies by country on the case-study list and actor pages."""

import re

import pytest
from django.urls import reverse

from casestudies.models import ActorKind
from casestudies.world_map import SHADES, case_study_map, shade_of, shapes
from tests.factories import ActorFactory, CaseStudyFactory, ParticipationFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("casestudies:list")


def state(name, code):
    return ActorFactory(
        name=name,
        slug=name.lower().replace(" ", "-"),
        kind=ActorKind.STATE,
        iso_code=code,
    )


@pytest.fixture
def world():
    japan, usa, france = (
        state("Japan", "JP"),
        state("United States", "US"),
        state("France", "FR"),
    )
    nato = ActorFactory(name="NATO", kind=ActorKind.ALLIANCE)
    alliance = CaseStudyFactory(title="Alliance")
    ParticipationFactory(case_study=alliance, actor=japan)
    ParticipationFactory(case_study=alliance, actor=usa)
    ParticipationFactory(case_study=alliance, actor=usa, role="partner")  # counted once
    kosovo = CaseStudyFactory(title="Kosovo")
    ParticipationFactory(case_study=kosovo, actor=usa)
    ParticipationFactory(case_study=kosovo, actor=nato)
    secret = CaseStudyFactory(title="Secret", draft=True)
    ParticipationFactory(case_study=secret, actor=france)
    ParticipationFactory(case_study=secret, actor=usa)
    return {"japan": japan, "usa": usa, "france": france, "nato": nato}


def test_counts_published_case_studies_only(world):
    counts = {c.code: c.count for c in case_study_map().countries}
    assert counts == {"US": 2, "JP": 1}  # no draft, no alliance, each case once


def test_every_shipped_code_is_a_path_and_the_file_is_compact():
    data = shapes()
    assert len(data["countries"]) > 150
    assert {"US", "JP", "BA", "SO", "FR"} <= set(data["countries"])
    assert "AQ" not in data["countries"]
    assert all(re.fullmatch(r"(M[-\d. ]+Z)+", d) for d in data["countries"].values())
    assert "Natural Earth" in data["source"]


def test_shades_run_from_light_to_dark():
    assert shade_of(1, 1) == SHADES
    assert shade_of(1, 40) == 1
    assert shade_of(40, 40) == SHADES
    assert [shade_of(n, 40) for n in (1, 3, 10, 40)] == sorted(
        shade_of(n, 40) for n in (1, 3, 10, 40)
    )


def test_list_page_draws_linked_countries_with_a_text_alternative(client, world):
    html = client.get(LIST_URL).content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="group" aria-labelledby="map-heading"' in svg
    assert "/static/casestudies/world-110m" in svg
    links = re.findall(r'<a class="world-map__country[^"]*" href="([^"]+)"', svg)
    assert links == ["/case-studies/?actor=united-states", "/case-studies/?actor=japan"]
    assert "<title>United States: 2 case studies</title>" in svg
    assert 'aria-label="Japan: 1 case study"' in svg
    assert "France" not in svg and "Secret" not in html
    table = html[html.index('<details class="world-map__table">') :]
    table = table[: table.index("</details>")]
    rows = re.findall(
        r'<th scope="row"><a href="([^"]+)" rel="nofollow">([^<]+)</a></th><td>(\d+)',
        table,
    )
    assert rows == [
        ("/case-studies/?actor=united-states", "United States", "2"),
        ("/case-studies/?actor=japan", "Japan", "1"),
    ]


def test_a_country_link_lists_as_many_case_studies_as_the_map_says(client, world):
    response = client.get(LIST_URL, {"actor": "united-states"})
    assert response.context["paginator"].count == 2


def test_filtered_lists_leave_the_map_out(client, world):
    assert (
        "world-map" not in client.get(LIST_URL, {"region": "europe"}).content.decode()
    )


def test_list_with_the_map_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    codes = ["US", "JP", "FR", "DE", "GB", "IT", "ES", "PT", "NL", "BE"]
    states = [state(f"State {code}", code) for code in codes]
    for n, case in enumerate(CaseStudyFactory.create_batch(40)):
        ParticipationFactory(case_study=case, actor=states[n % 10])
    # count, page, participations, topics, one query per facet, the map
    with django_assert_num_queries(9):
        response = client.get(LIST_URL)
    assert len(response.context["world_map"].countries) == 10


def test_actor_page_maps_the_countries_of_its_case_studies(client, world):
    html = client.get(world["nato"].get_absolute_url()).content.decode()
    assert "Countries in these case studies" in html
    assert "<title>United States: 1 case study</title>" in html
    assert "Japan" not in html  # Japan is not in NATO's case study


def test_actor_page_without_states_says_so(client):
    ngo = ActorFactory(name="Red Cross", kind=ActorKind.NGO)
    ParticipationFactory(case_study=CaseStudyFactory(), actor=ngo)
    html = client.get(ngo.get_absolute_url()).content.decode()
    assert "No state takes part in a published case study yet." in html
    assert "<svg" not in html
