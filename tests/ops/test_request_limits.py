"""Oversized or malformed requests: 413/400 with a message, never a 500."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.reverse import reverse

from tests.factories import ActorFactory, CaseStudyFactory, SourceFactory

pytestmark = pytest.mark.django_db

SIXTY_MB = 60 * 1024 * 1024
PROBLEM = "application/problem+json"


def _json_body(size: int) -> bytes:
    return b'{"title": "' + b"x" * size + b'"}'


def _many_files(count: int) -> dict:
    return {f"f{i}": SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(count)}


def test_sixty_megabyte_json_body_to_the_api_is_a_413_problem(editor_api_client):
    response = editor_api_client.generic(
        "POST",
        reverse("api:source-list"),
        _json_body(SIXTY_MB),
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 413
    assert body["code"] == "payload_too_large"
    assert body["instance"] == "/api/v1/sources/"


def test_thousand_file_multipart_to_the_api_is_a_400_problem(editor_api_client):
    response = editor_api_client.post(
        reverse("api:source-list"), _many_files(1000), format="multipart"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "too_many_parts"


def test_too_many_form_fields_to_the_api_is_a_400_problem(editor_api_client):
    body = "&".join(f"f{i}=x" for i in range(5000))

    response = editor_api_client.generic(
        "POST",
        reverse("api:source-list"),
        body,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "too_many_parts"


def test_the_body_limit_is_the_configured_one(editor_api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    url = reverse("api:source-list")

    small = editor_api_client.generic(
        "POST", url, _json_body(100), content_type="application/json"
    )
    large = editor_api_client.generic(
        "POST", url, _json_body(2000), content_type="application/json"
    )

    assert small.status_code == 400  # read, then refused as an invalid source
    assert small.json()["code"] == "invalid"
    assert large.status_code == 413


def test_default_limits_are_explicit():
    from milidip_site import settings as site_settings

    assert site_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert site_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert site_settings.DATA_UPLOAD_MAX_NUMBER_FILES == 20


@pytest.mark.parametrize("csrf_checks", [False, True])
def test_sixty_megabyte_form_post_to_the_site_is_a_413_page(csrf_checks):
    client = Client(enforce_csrf_checks=csrf_checks)
    client.get("/admin/login/")  # the CSRF cookie: the middleware then reads the body

    response = client.generic(
        "POST",
        "/admin/login/",
        b"username=" + b"x" * SIXTY_MB,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Request too large" in response.content.decode()


def test_thousand_file_form_post_to_the_site_is_a_400_page(client):
    response = client.post("/admin/login/", _many_files(1000))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "more fields or files than this site accepts" in response.content.decode()


# The search text of the lists is capped at 200 characters.


def test_api_refuses_a_search_text_over_200_characters(api_client):
    SourceFactory(title="Treaty of Rome")
    url = reverse("api:source-list")

    accepted = api_client.get(url, {"q": "t" * 200})
    refused = api_client.get(url, {"q": "t" * 201})

    assert accepted.status_code == 200
    assert refused.status_code == 400
    assert refused["Content-Type"] == PROBLEM
    assert "at most 200 characters" in refused.json()["errors"]["q"][0]


@pytest.mark.parametrize(
    "url", ["api:topic-list", "api:casestudy-list", "api:actor-list"]
)
def test_every_api_list_caps_its_search_text(api_client, url):
    response = api_client.get(reverse(url), {"q": "t" * 201})

    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_case_study_list_with_a_long_search_text_is_a_small_400_page(client):
    CaseStudyFactory.create_batch(3)
    ActorFactory.create_batch(5)
    long_q = "q" * 4096

    response = client.get("/case-studies/", {"q": long_q, "region": "europe"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 200 characters" in html
    assert len(html) < 60_000
    links = re.findall(r'href="([^"]*)"', html)
    assert any("region=" in link for link in links)  # the facet links are there
    assert not any("qqqq" in link for link in links)
    for facet in response.context["facets"]:
        assert all("qqqq" not in link.url for link in facet.links)


def test_source_list_with_a_long_search_text_is_a_400_page(client):
    response = client.get("/sources/", {"q": "s" * 201})

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


def test_search_page_links_carry_the_capped_query_only(client):
    SourceFactory(title="Naval diplomacy")
    long_q = "naval " + "z" * 4000

    response = client.get("/search/", {"q": long_q, "type": "topic"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Only the first 200 characters" in html
    assert "z" * 201 not in html
    assert "z" * 150 in html  # the capped text still searches and shows
    assert 'href="?q=naval+zzz' in html  # the links to other types keep it
