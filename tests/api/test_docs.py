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
    assert {"page", "page_size", "ordering", "expand", "format"} <= set(parameters)
    assert parameters["page_size"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
    }
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}


def query_parameters(schema, path):
    return {
        p["name"]: p
        for p in schema["paths"][path]["get"]["parameters"]
        if p["in"] == "query"
    }


SLUG_FILTERS = [
    ("/api/v1/case-studies/", "actor"),
    ("/api/v1/case-studies/", "topic"),
    ("/api/v1/topics/", "parent"),
    ("/api/v1/citations/", "case_study"),
    ("/api/v1/citations/", "topic"),
    ("/api/v1/citations/", "source"),
]


@pytest.mark.parametrize(("path", "name"), SLUG_FILTERS)
def test_slug_filters_document_the_slug_pattern(schema, path, name):
    parameter = query_parameters(schema, path)[name]

    pattern = re.compile(parameter["schema"]["pattern"])
    for valid in ["", "nato", "nato,united-states", "a_b-9"]:
        assert pattern.match(valid), valid
    for invalid in ["café", "a b", "a,,b", "a;b", ","]:
        assert not pattern.match(invalid), invalid


@pytest.mark.parametrize(
    ("path", "name", "values"),
    [
        ("/api/v1/case-studies/", "region", {"europe", "africa"}),
        (
            "/api/v1/case-studies/",
            "outcome",
            {"success", "mixed", "failure", "too_early", "not_assessed"},
        ),
        ("/api/v1/case-studies/", "ordering", {"title", "-start_year"}),
        ("/api/v1/sources/", "kind", {"book", "treaty"}),
        ("/api/v1/sources/", "reliability", {"scholarly", "ai_generated"}),
        ("/api/v1/citations/", "verification", {"verified", "disputed"}),
        ("/api/v1/actors/", "kind", {"state", "alliance"}),
    ],
)
def test_choice_filters_document_their_enums(schema, path, name, values):
    parameter = query_parameters(schema, path)[name]

    # One comma-separated string, as on the wire: only the listed values.
    pattern = re.compile(parameter["schema"]["pattern"])
    for value in values:
        assert f"`{value}`" in parameter["description"]
        assert pattern.match(value)
    assert pattern.match(",".join(sorted(values)))
    assert pattern.match("")
    for invalid in ["nonsense", f"{min(values)},", f",{min(values)}", "a b"]:
        assert not pattern.match(invalid), invalid


def test_outcome_enum_is_a_judgement_not_a_status(schema):
    parameter = query_parameters(schema, "/api/v1/case-studies/")["outcome"]
    assert not re.compile(parameter["schema"]["pattern"]).match("ongoing")
    assert "`ongoing`" not in parameter["description"]


def test_root_is_a_boolean(schema):
    assert query_parameters(schema, "/api/v1/topics/")["root"]["schema"] == {
        "type": "boolean"
    }


def test_year_range_semantics_are_documented(schema):
    parameters = query_parameters(schema, "/api/v1/case-studies/")

    assert "overlaps" in parameters["year_from"]["description"]
    assert (
        "`year_from=1991` includes a 1949–1991 case"
        in (parameters["year_from"]["description"])
    )
    assert "overlaps" in parameters["year_to"]["description"]
    assert (
        "`year_from=1991` includes a case of 1949–1991"
        in (schema["info"]["description"])
    )


@pytest.mark.parametrize(
    "name", ["case-studies", "sources", "actors", "topics", "citations"]
)
def test_exports_document_their_filters_and_errors(schema, name):
    list_parameters = set(query_parameters(schema, f"/api/v1/{name}/"))
    export = schema["paths"][f"/api/v1/{name}/export/"]["get"]

    export_parameters = set(query_parameters(schema, f"/api/v1/{name}/export/"))
    assert export_parameters == list_parameters - {"page", "page_size", "expand"}
    assert {"200", "304", "400", "406", "414", "429"} <= set(export["responses"])
    assert "application/problem+json" in export["responses"]["400"]["content"]


def test_writes_document_the_required_if_match(schema):
    for method in ("put", "patch", "delete"):
        operation = schema["paths"]["/api/v1/case-studies/{slug}/"][method]
        assert "428" in operation["responses"], method
    if_match = next(
        p
        for p in schema["paths"]["/api/v1/topics/{slug}/"]["patch"]["parameters"]
        if p["name"] == "If-Match"
    )
    assert "428" in if_match["description"]
    assert "last write wins" in schema["info"]["description"]


def test_lists_document_their_compact_rows_and_expand(schema):
    row = schema["components"]["schemas"]["CaseStudyList"]
    assert {"participants", "topics", "citations"} & set(row["required"]) == set()
    assert "body" not in row["properties"]
    expand = query_parameters(schema, "/api/v1/case-studies/")["expand"]
    pattern = re.compile(expand["schema"]["pattern"])
    assert pattern.match("participants,citations")
    assert not pattern.match("body")
    content = schema["paths"]["/api/v1/case-studies/"]["get"]["responses"]["200"][
        "content"
    ]
    assert content["text/csv"]["schema"] == {"type": "string"}


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


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_run_under_the_csp_with_a_nonce_for_their_inline_code(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    directives = dict(
        (d.strip().split(" ", 1) + [""])[:2] for d in policy.split(";") if d.strip()
    )
    [nonce] = re.findall(r"'nonce-([^']+)'", directives["script-src"])
    assert f"'nonce-{nonce}'" in directives["style-src"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["default-src"] == "'self'"
    html = response.content.decode()
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        same_origin = re.search(r'src="/static/', tag)
        assert same_origin or f'nonce="{nonce}"' in tag, tag
    assert re.findall(r"<(?:script|style)\b", html)
