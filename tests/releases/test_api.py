"""``?release=`` serves a release in the live API's shape, read-only, on every endpoint."""

import pytest

from releases.build import make_release
from topics.models import Topic

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("topics", "slug"),
    ("case-studies", "slug"),
    ("sources", "slug"),
    ("actors", "slug"),
    ("citations", "id"),
]
EXPAND = {
    "topics": "&expand=related,children,citations",
    "case-studies": "&expand=participants,topics,citations",
}


@pytest.fixture
def release(demo_content):
    return make_release("2026.1")


@pytest.mark.parametrize(("endpoint", "key"), ENDPOINTS)
def test_a_release_reads_as_the_live_api_did(api_client, release, endpoint, key):
    query = f"?page_size=100{EXPAND.get(endpoint, '')}"
    live = api_client.get(f"/api/v1/{endpoint}/{query}").json()
    released = api_client.get(f"/api/v1/{endpoint}/{query}&release=2026.1").json()

    assert released["count"] == live["count"] > 0
    assert released["results"] == live["results"]
    for row in live["results"][:5]:
        url = f"/api/v1/{endpoint}/{row[key]}/"
        assert (
            api_client.get(f"{url}?release=2026.1").json() == api_client.get(url).json()
        )


def test_a_release_keeps_what_it_saw_after_an_edit(api_client, release):
    topic = Topic.objects.get(slug="peacekeeping")
    old_title = topic.title
    topic.title = "Peace operations"
    topic.save()

    assert api_client.get("/api/v1/topics/peacekeeping/").json()["title"] == (
        "Peace operations"
    )
    released = api_client.get("/api/v1/topics/peacekeeping/?release=2026.1")
    assert released.status_code == 200
    assert released.json()["title"] == old_title


def test_a_release_is_the_same_for_editors(editor_api_client, api_client, release):
    Topic.objects.filter(slug="peacekeeping").update(status="draft")
    query = "/api/v1/topics/?page_size=100&release=2026.1"
    as_editor = editor_api_client.get(query).json()
    assert as_editor == api_client.get(query).json()
    assert "peacekeeping" in [row["slug"] for row in as_editor["results"]]


def test_pagination_and_ordering_work_on_a_release(api_client, release):
    first = api_client.get(
        "/api/v1/case-studies/?release=2026.1&ordering=-title&page_size=5"
    ).json()
    titles = [row["title"] for row in first["results"]]
    assert titles == sorted(titles, key=str.casefold, reverse=True)
    assert "release=2026.1" in first["next"]
    second = api_client.get(first["next"]).json()
    assert second["results"][0]["title"].casefold() <= titles[-1].casefold()
    assert (
        api_client.get("/api/v1/case-studies/?release=2026.1&page=99").status_code
        == 404
    )


def test_exports_read_a_release(api_client, release):
    response = api_client.get("/api/v1/sources/export/?release=2026.1&format=bibtex")
    assert response.status_code == 200
    assert response.content.decode().count("\n@") + 1 == release.counts["sources"]
    csv = api_client.get("/api/v1/citations/?release=2026.1&format=csv")
    assert len(csv.content.decode().strip().split("\r\n")) == (
        release.counts["citations"] + 1
    )


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("?release=2099.1", 404, None),
        ("?release=latest", 400, "release"),
        ("?release=2026.1&release=2026.1", 400, "release"),
        ("?release=2026.1&region=atlantis", 400, "region"),
        ("?release=2026.1&colour=blue", 400, "colour"),
        ("?release=2026.1&region=europe&region=africa", 400, "region"),
        ("?release=2026.1&ordering=nonsense", 400, "ordering"),
        ("sources/?release=2026.1&expand=citations", 400, "expand"),
        ("citations/?release=2026.1&ordering=id", 400, "ordering"),
    ],
)
def test_bad_release_requests_are_problem_documents(
    api_client, release, query, status, field
):
    if query.startswith("?"):
        query = f"case-studies/{query}"
    response = api_client.get(f"/api/v1/{query}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    if field:
        assert field in response.json()["errors"]


def test_an_object_missing_from_a_release_is_a_404(api_client, release):
    response = api_client.get("/api/v1/topics/no-such-topic/?release=2026.1")
    assert response.status_code == 404
    assert "release 2026.1" in response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_release_is_read_only(editor_api_client, release, method):
    url = (
        "/api/v1/topics/?release=2026.1"
        if method == "post"
        else "/api/v1/topics/peacekeeping/?release=2026.1"
    )
    response = getattr(editor_api_client, method)(url, {"title": "X"}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert Topic.objects.get(slug="peacekeeping").title != "X"


def test_the_schema_documents_release_on_every_read(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", [])}
            reads = method == "get" and path.startswith("/api/v1/")
            assert ("release" in names) == reads, (method, path)


@pytest.mark.parametrize("endpoint", [e for e, _ in ENDPOINTS])
def test_a_release_list_runs_a_fixed_number_of_queries(
    api_client, release, endpoint, django_assert_num_queries
):
    api_client.get(f"/api/v1/{endpoint}/?release=2026.1")  # read once, then cached
    # Only the release's row: the tables come from memory.
    with django_assert_num_queries(1):
        response = api_client.get(
            f"/api/v1/{endpoint}/?release=2026.1&page_size=100{EXPAND.get(endpoint, '')}"
        )
    assert response.status_code == 200


def test_a_release_whose_file_is_lost_is_a_404(api_client, release, media_root):
    (media_root / release.file.name).unlink()
    response = api_client.get("/api/v1/topics/?release=2026.1")
    assert response.status_code == 404
    assert "not available" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "case-studies/?region=europe,africa",
        "case-studies/?actor=nato&outcome=success,mixed",
        "case-studies/?topic=peacekeeping",
        "case-studies/?year_from=1991&year_to=2000&ordering=title",
        "topics/?root=true",
        "topics/?root=false&ordering=-title",
        "topics/?parent=history-of-military-diplomacy",
        "actors/?kind=state,alliance&ordering=-name",
        "sources/?reliability=ai_generated&kind=web_page",
        "citations/?verification=verified&reliability=scholarly,official",
        "citations/?case_study=nato-in-the-cold-war",
        "citations/?topic=peacekeeping&source=seed-004-military-roles-in-diplomatic-missions",
    ],
)
def test_filters_on_a_release_match_the_live_list(api_client, release, query):
    url = f"/api/v1/{query}&page_size=100"
    live = api_client.get(url).json()
    released = api_client.get(f"{url}&release=2026.1").json()
    # Same rows (string ordering may differ by the database's collation).
    assert live["count"] > 0
    assert sorted(released["results"], key=str) == sorted(live["results"], key=str)


def test_a_text_search_on_a_release_keeps_rows_with_every_word(api_client, release):
    rows = api_client.get(
        "/api/v1/case-studies/?release=2026.1&q=NATO%20Bosnia&page_size=100"
    ).json()["results"]
    assert rows
    for row in rows:
        detail = api_client.get(f"{row['api_url']}?release=2026.1").json()
        text = " ".join(str(detail[k]) for k in ("title", "summary", "body")).lower()
        assert "nato" in text and "bosnia" in text
    assert (
        api_client.get("/api/v1/case-studies/?release=2026.1&q=zqxwv").json()["count"]
        == 0
    )
