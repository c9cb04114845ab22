"""The API keeps the promises its schema makes: compact lists with ``expand``,
CSV by content negotiation, methods before formats, and If-Match when required."""

import pytest
from rest_framework.reverse import reverse

from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["topic", "casestudy", "source", "actor", "citation"]


@pytest.fixture
def content():
    topic = TopicFactory(slug="peacekeeping")
    case = CaseStudyFactory(slug="bosnia", topics=[topic])
    ParticipationFactory(case_study=case)
    CitationFactory(topic=None, case_study=case, source=SourceFactory())
    CitationFactory(topic=topic)
    return case


def test_case_study_list_rows_are_compact_and_the_detail_complete(api_client, content):
    [row] = api_client.get(reverse("api:casestudy-list")).json()["results"]

    assert {"slug", "title", "summary", "years_display", "api_url", "site_url"} <= set(
        row
    )
    assert not {"body", "body_html", "participants", "topics", "citations"} & set(row)
    detail = api_client.get(row["api_url"]).json()
    assert {"body", "body_html", "participants", "topics", "citations"} <= set(detail)


def test_expand_adds_the_nested_data_asked_for(api_client, content):
    url = reverse("api:casestudy-list")

    [row] = api_client.get(url, {"expand": "participants,citations"}).json()["results"]

    assert len(row["participants"]) == 1
    assert row["citations"][0]["source"]["slug"] == content.citations.get().source.slug
    assert "topics" not in row
    [row] = api_client.get(url, {"expand": "topics"}).json()["results"]
    assert row["topics"] == ["peacekeeping"]


def test_expanded_rows_are_the_detail_s_nested_data(api_client, content):
    url = reverse("api:casestudy-list")
    expand = "participants,topics,citations"
    [row] = api_client.get(url, {"expand": expand}).json()["results"]
    detail = api_client.get(row["api_url"]).json()

    for name in expand.split(","):
        assert row[name] == detail[name]


@pytest.mark.parametrize(
    "value", ["body", "participants,body", "participants,,topics", " topics", ","]
)
def test_expand_of_anything_else_is_a_400(api_client, content, value):
    response = api_client.get(reverse("api:casestudy-list"), {"expand": value})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["expand"]


def test_expand_is_a_list_parameter_only(api_client, content):
    detail_url = reverse("api:casestudy-export")

    response = api_client.get(detail_url, {"expand": "participants"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["expand"]


def test_topic_list_is_compact_with_expand(api_client, content):
    url = reverse("api:topic-list")

    [row] = api_client.get(url).json()["results"]
    assert not {"body", "children", "citations", "related"} & set(row)
    [row] = api_client.get(url, {"expand": "citations"}).json()["results"]
    assert len(row["citations"]) == 1


@pytest.mark.parametrize("name", LISTS)
def test_every_list_in_csv_is_its_export(api_client, content, name):
    list_url = reverse(f"api:{name}-list")
    export = api_client.get(reverse(f"api:{name}-export"))
    assert export.status_code == 200
    assert export["Content-Type"] == "text/csv; charset=utf-8"

    by_accept = api_client.get(list_url, HTTP_ACCEPT="text/csv")
    by_format = api_client.get(list_url, {"format": "csv"})

    for response in (by_accept, by_format):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content == export.content
    assert len(export.content.decode().splitlines()) > 1


def test_a_filtered_list_in_csv_is_the_filtered_export(api_client, content):
    CaseStudyFactory(slug="kosovo")
    url = reverse("api:casestudy-list")
    export = api_client.get(reverse("api:casestudy-export"), {"topic": "peacekeeping"})

    response = api_client.get(url, {"topic": "peacekeeping", "format": "csv"})

    assert response.content == export.content
    assert b"kosovo" not in response.content


def test_the_list_stays_json_by_default(api_client, content):
    response = api_client.get(reverse("api:casestudy-list"))

    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 1


def test_source_list_negotiates_bibtex_as_its_export(api_client, content):
    export = api_client.get(reverse("api:source-export"), {"format": "bibtex"})

    response = api_client.get(
        reverse("api:source-list"), HTTP_ACCEPT="application/x-bibtex"
    )

    assert response.status_code == 200
    assert response.content == export.content


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json", "csv", "json", "nonsense"])
def test_options_on_an_export_describes_it_in_json(api_client, fmt):
    response = api_client.options(reverse("api:source-export"), {"format": fmt})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "trace"])
def test_a_method_an_export_does_not_take_is_405_whatever_the_format(
    editor_api_client, method
):
    url = reverse("api:source-export") + "?format=bibtex"

    response = editor_api_client.generic(method.upper(), url)

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_writes_without_if_match_are_accepted_by_default(editor_api_client):
    topic = TopicFactory()
    url = reverse("api:topic-detail", kwargs={"slug": topic.slug})

    response = editor_api_client.patch(url, {"title": "Retitled"}, format="json")

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_without_if_match_are_428_when_required(
    editor_api_client, settings, method
):
    settings.API_REQUIRE_IF_MATCH = True
    topic = TopicFactory(draft=True)
    url = reverse("api:topic-detail", kwargs={"slug": topic.slug})

    response = getattr(editor_api_client, method)(
        url, {"title": "Retitled"}, format="json"
    )

    assert response.status_code == 428
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "precondition_required"
    topic.refresh_from_db()
    assert topic.title != "Retitled"


def test_writes_with_if_match_pass_when_required(editor_api_client, settings):
    settings.API_REQUIRE_IF_MATCH = True
    topic = TopicFactory(draft=True)
    url = reverse("api:topic-detail", kwargs={"slug": topic.slug})
    etag = editor_api_client.get(url)["ETag"]

    response = editor_api_client.patch(
        url, {"title": "Retitled"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    topic.refresh_from_db()
    assert topic.title == "Retitled"


def test_an_empty_bibtex_export_keeps_its_media_type(api_client):
    response = api_client.get(
        reverse("api:source-list"), {"format": "bibtex", "q": "nothing matches this"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response.content.startswith(b"%")


@pytest.mark.parametrize("params", [{"page": "-91"}, {"page_size": "0"}])
def test_a_list_in_csv_still_refuses_a_malformed_page(api_client, params):
    response = api_client.get(reverse("api:citation-list"), {**params, "format": "csv"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


@pytest.mark.parametrize("value", ["1e51", "-1e51", "-1e300"])
def test_years_beyond_the_documented_bounds_are_a_400(api_client, value):
    response = api_client.get(reverse("api:casestudy-list"), {"year_from": value})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year_from"]


def test_search_text_with_a_nul_is_a_400_as_documented(api_client):
    response = api_client.get(reverse("api:source-list"), {"q": "a\x00b"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


@pytest.mark.parametrize("url", ["api:actor-export", "api:casestudy-list"])
def test_an_empty_format_is_a_406_like_any_unknown_format(api_client, url):
    response = api_client.get(reverse(url) + "?format=")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"


def test_a_patch_with_an_incomplete_participant_is_a_400_not_a_500(editor_api_client):
    case = CaseStudyFactory(draft=True)
    url = reverse("api:casestudy-detail", kwargs={"slug": case.slug})
    actor = ParticipationFactory(case_study=case).actor

    response = editor_api_client.patch(
        url, {"participants": [{"actor": actor.slug, "note": ""}]}, format="json"
    )

    assert response.status_code == 400
    assert "role" in response.json()["errors"]["participants"][0]


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        (
            "api:source-list",
            {"title": "A", "slug": "a", "kind": "book", "note": 0},
            "note",
        ),
        ("api:source-list", {"title": "A", "slug": 0, "kind": "book"}, "slug"),
        (
            "api:actor-list",
            {"name": "A", "slug": "a", "kind": "state", "description": 1.5},
            "description",
        ),
        (
            "api:topic-list",
            {"title": "A", "slug": "a", "summary": "s", "parent": ""},
            "parent",
        ),
        (
            "api:topic-list",
            {"title": "A", "slug": "a", "summary": "s", "parent": 3},
            "parent",
        ),
    ],
)
def test_writes_take_strings_where_the_schema_says_string(
    editor_api_client, url, body, field
):
    response = editor_api_client.post(reverse(url), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", ["topic", "casestudy", "source", "actor"])
def test_options_on_an_object_describes_it_to_an_editor(editor_api_client, name):
    # Outside the test's transaction, as in production: on PostgreSQL the lookup
    # OPTIONS makes "as a PUT" must not take a row lock outside a transaction.
    case = CaseStudyFactory()
    slugs = {
        "topic": TopicFactory().slug,
        "casestudy": case.slug,
        "source": SourceFactory().slug,
        "actor": ParticipationFactory(case_study=case).actor.slug,
    }
    url = reverse(f"api:{name}-detail", kwargs={"slug": slugs[name]})

    response = editor_api_client.options(url)

    assert response.status_code == 200
    assert "PUT" in response.json()["actions"]
