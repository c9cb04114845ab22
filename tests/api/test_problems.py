"""Every API error, whatever its status, is an RFC 9457 problem; bad input is never a 500."""

import pytest
from rest_framework.reverse import reverse

from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "instance"}


def assert_problem(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert PROBLEM_KEYS <= set(body)
    assert body["status"] == status
    assert body["code"] == code
    return body


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "mars"}, "region"),
        ({"region": "europe,mars"}, "region"),
        ({"outcome": "victory"}, "outcome"),
        ({"outcome": "ongoing"}, "outcome"),
        ({"year_from": "abc"}, "year_from"),
        ({"year_to": "1990x"}, "year_to"),
        ({"ordering": "summary"}, "ordering"),
        ({"ordering": "-;drop"}, "ordering"),
        ({"colour": "red"}, "colour"),
        ({"region": "europe,"}, "region"),
        ({"region": ",europe"}, "region"),
        ({"ordering": "title,,-title"}, "ordering"),
    ],
)
def test_bad_list_parameters_are_400_with_a_message_for_the_field(
    api_client, params, field
):
    response = api_client.get(reverse("api:casestudy-list"), params)

    body = assert_problem(response, 400, "invalid")
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0]


def test_page_size_takes_whole_numbers_up_to_the_cap(api_client):
    SourceFactory.create_batch(101)
    url = reverse("api:source-list")

    assert len(api_client.get(url, {"page_size": 2}).json()["results"]) == 2
    full = api_client.get(url, {"page_size": 100}).json()
    assert len(full["results"]) == 100
    assert full["next"] is not None
    assert len(api_client.get(url).json()["results"]) == 20


@pytest.mark.parametrize(
    "value",
    ["null", "-1.25e-191", "true", "lots", "-1", "0", "2.5", "101", "10000", ""],
)
def test_a_page_size_that_is_not_a_whole_number_in_range_is_a_400(api_client, value):
    response = api_client.get(reverse("api:source-list"), {"page_size": value})

    body = assert_problem(response, 400, "invalid")
    assert body["errors"] == {"page_size": ["Enter a whole number from 1 to 100."]}


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "null"])
def test_a_page_that_is_not_a_whole_number_is_a_400(api_client, value):
    response = api_client.get(reverse("api:topic-list"), {"page": value})

    body = assert_problem(response, 400, "invalid")
    assert list(body["errors"]) == ["page"]


@pytest.mark.parametrize("value", ["null", "3.29e-113", "yes", "maybe"])
def test_root_takes_only_true_or_false(api_client, value):
    response = api_client.get(reverse("api:topic-list"), {"root": value})

    body = assert_problem(response, 400, "invalid")
    assert body["errors"] == {"root": ["Enter true or false."]}


@pytest.mark.parametrize("value", ["true", "false", "1", "0"])
def test_root_true_or_false_is_accepted(api_client, value):
    assert api_client.get(reverse("api:topic-list"), {"root": value}).status_code == 200


def test_a_parameter_given_twice_is_a_400(api_client):
    response = api_client.get(
        reverse("api:citation-list") + "?source=a-book&source=another-book"
    )

    body = assert_problem(response, 400, "invalid")
    assert list(body["errors"]) == ["source"]
    assert "once" in body["errors"]["source"][0]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("api:casestudy-list", "actor"),
        ("api:casestudy-list", "topic"),
        ("api:topic-list", "parent"),
        ("api:citation-list", "case_study"),
        ("api:citation-list", "source"),
    ],
)
@pytest.mark.parametrize(
    "value", ["caf\u00e9", "a b", " nato", "a,,b", "a;b", "a\u0000"]
)
def test_slug_filters_refuse_what_a_slug_cannot_hold(api_client, url, param, value):
    response = api_client.get(reverse(url), {param: value})

    body = assert_problem(response, 400, "invalid")
    assert list(body["errors"]) == [param]


@pytest.mark.parametrize("value", ["", "nato", "nato,united-states", "a_b-9"])
def test_slug_filters_accept_slugs_and_lists_of_slugs(api_client, value):
    response = api_client.get(reverse("api:casestudy-list"), {"actor": value})

    assert response.status_code == 200


def test_page_past_the_end_is_a_404_problem(api_client):
    response = api_client.get(reverse("api:topic-list"), {"page": 7})

    assert_problem(response, 404, "not_found")


def test_unknown_address_under_api_is_a_404_problem(client):
    body = assert_problem(client.get("/api/v1/nothing-here/"), 404, "not_found")

    assert body["instance"] == "/api/v1/nothing-here/"


@pytest.mark.parametrize("slug", ["a%00b", "caf%C3%A9", "a%20b"])
def test_a_slug_no_object_can_have_is_a_404_problem(api_client, slug):
    response = api_client.get(f"/api/v1/topics/{slug}/")

    assert_problem(response, 404, "not_found")


def test_unknown_object_is_a_404_problem(api_client):
    response = api_client.get(reverse("api:topic-detail", kwargs={"slug": "nope"}))

    assert_problem(response, 404, "not_found")


def test_method_not_allowed_is_a_405_problem(editor_api_client):
    response = editor_api_client.put(reverse("api:topic-list"), {}, format="json")

    assert_problem(response, 405, "method_not_allowed")


def test_unknown_format_is_a_406_problem_naming_the_formats(api_client):
    response = api_client.get(reverse("api:source-export"), {"format": "xml"})

    body = assert_problem(response, 406, "not_acceptable")
    assert "csv, bibtex, csl-json" in body["detail"]


def test_malformed_json_is_a_400_problem(editor_api_client):
    response = editor_api_client.post(
        reverse("api:topic-list"), "{oops", content_type="application/json"
    )

    assert_problem(response, 400, "parse_error")


def test_anonymous_write_is_401_with_the_auth_scheme(api_client):
    response = api_client.post(reverse("api:source-list"), {}, format="json")

    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = api_client.get(reverse("api:source-list"))

    assert_problem(response, 401, "authentication_failed")


def test_user_without_permission_gets_403(user_api_client):
    response = user_api_client.post(reverse("api:source-list"), {}, format="json")

    assert_problem(response, 403, "permission_denied")


def test_validation_errors_list_each_field(editor_api_client):
    response = editor_api_client.post(
        reverse("api:casestudy-list"),
        {"title": "", "start_year": "soon", "region": "mars"},
        format="json",
    )

    body = assert_problem(response, 400, "invalid")
    assert {"title", "slug", "summary", "start_year", "region", "outcome"} <= set(
        body["errors"]
    )


def test_deleting_a_cited_source_is_a_409_problem(editor_api_client):
    citation = CitationFactory()

    response = editor_api_client.delete(
        reverse("api:source-detail", kwargs={"slug": citation.source.slug})
    )

    body = assert_problem(response, 409, "still_referenced")
    assert "citations" in body["detail"]


def test_deleting_a_topic_with_subtopics_is_a_409_problem(editor_api_client):
    parent = TopicFactory(draft=True)
    TopicFactory(parent=parent)

    response = editor_api_client.delete(
        reverse("api:topic-detail", kwargs={"slug": parent.slug})
    )

    assert_problem(response, 409, "still_referenced")


def test_errors_on_export_endpoints_are_problems_not_csv(api_client):
    CaseStudyFactory()

    response = api_client.get(reverse("api:casestudy-export"), {"region": "mars"})

    assert_problem(response, 400, "invalid")
