"""The OpenAPI schema and the documentation pages, served without any CDN."""

import re

import pytest
import yaml
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

ENDPOINTS = ["topics", "case-studies", "sources", "actors", "citations"]


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_schema_documents_list_and_detail(schema, name):
    lookup = "{id}" if name == "citations" else "{slug}"
    assert f"/api/v1/{name}/" in schema["paths"]
    assert f"/api/v1/{name}/{lookup}/" in schema["paths"]


def test_schema_documents_filters_and_pagination(schema):
    parameters = {
        p["name"]: p
        for p in schema["paths"]["/api/v1/case-studies/"]["get"]["parameters"]
    }
    assert {"region", "actor", "topic", "outcome", "year_from", "year_to", "q"} <= set(
        parameters
    )
    assert {"page", "page_size", "ordering"} <= set(parameters)
    assert "at most 100" in parameters["page_size"]["description"]


def test_schema_documents_errors_as_problem_details(schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(problem["required"])
    operation = schema["paths"]["/api/v1/topics/{slug}/"]["patch"]
    for status in ("400", "401", "403", "404", "412", "429"):
        content = operation["responses"][status]["content"]
        assert content["application/problem+json"]["schema"]["$ref"].endswith(
            "/Problem"
        )
    assert "304" in schema["paths"]["/api/v1/topics/{slug}/"]["get"]["responses"]


def test_schema_documents_exports(schema):
    export = schema["paths"]["/api/v1/sources/export/"]["get"]["responses"]["200"]
    assert {
        "text/csv",
        "application/x-bibtex",
        "application/vnd.citationstyles.csl+json",
    } <= set(export["content"])
    assert (
        "text/csv"
        in (
            schema["paths"]["/api/v1/case-studies/export/"]["get"]["responses"]["200"][
                "content"
            ]
        )
    )


def test_schema_has_examples(schema):
    request_body = schema["paths"]["/api/v1/case-studies/"]["post"]["requestBody"]
    assert request_body["content"]["application/json"]["examples"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_load_only_files_from_this_site(client, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert references
    assert all(ref.startswith("/static/") for ref in references), references
    assert "https://" not in html and "http://" not in html
    for ref in references:
        assert client.get(ref).status_code == 200, ref


def test_api_root_lists_the_endpoints(client):
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")

    assert set(response.json()) == {
        "topics",
        "case-studies",
        "sources",
        "actors",
        "citations",
    }
