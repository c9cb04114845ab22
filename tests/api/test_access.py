"""Who may read and write what through the API; drafts never leak to readers."""

import pytest
from rest_framework.reverse import reverse

from casestudies.models import CaseStudy
from editorial.models import PendingDraft
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import Topic

pytestmark = pytest.mark.django_db

PUBLISHABLE = [
    ("topic", TopicFactory, Topic, {"title": "Renamed"}),
    ("casestudy", CaseStudyFactory, CaseStudy, {"title": "Renamed"}),
]
CLIENTS = ["api_client", "user_api_client", "editor_api_client"]


def detail(basename, slug):
    return reverse(f"api:{basename}-detail", kwargs={"slug": slug})


def listed_slugs(response):
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(("basename", "factory", "model", "change"), PUBLISHABLE)
@pytest.mark.parametrize("client_name", CLIENTS)
@pytest.mark.parametrize("state", ["published", "draft", "in_review", "scheduled"])
def test_read_matrix(request, basename, factory, model, change, client_name, state):
    client = request.getfixturevalue(client_name)
    obj = factory(**({} if state == "published" else {state: True}))
    can_see = state == "published" or client_name == "editor_api_client"

    response = client.get(detail(basename, obj.slug))
    assert response.status_code == (200 if can_see else 404)

    response = client.get(reverse(f"api:{basename}-list"))
    assert response.status_code == 200
    assert listed_slugs(response) == ([obj.slug] if can_see else [])


@pytest.mark.parametrize(("basename", "factory", "model", "change"), PUBLISHABLE)
@pytest.mark.parametrize(
    ("client_name", "expected"),
    [("api_client", 401), ("user_api_client", 403), ("editor_api_client", 200)],
)
@pytest.mark.parametrize("state", ["published", "draft"])
def test_update_matrix(
    request, basename, factory, model, change, client_name, expected, state
):
    client = request.getfixturevalue(client_name)
    obj = factory(**({} if state == "published" else {state: True}))

    response = client.patch(detail(basename, obj.slug), change, format="json")

    assert response.status_code == expected
    assert response["Content-Type"].startswith(
        "application/json" if expected == 200 else "application/problem+json"
    )
    obj.refresh_from_db()
    # An edit to a published item waits as pending changes: readers keep the old title.
    assert (obj.title == "Renamed") is (expected == 200 and state == "draft")
    draft = PendingDraft.objects.for_object(obj)
    if expected == 200 and state == "published":
        assert draft.data["fields"]["title"] == "Renamed"
        assert response.json()["title"] == "Renamed"
    else:
        assert draft is None


@pytest.mark.parametrize(("basename", "factory", "model", "change"), PUBLISHABLE)
@pytest.mark.parametrize(
    ("client_name", "state", "expected"),
    [
        ("api_client", "published", 401),
        ("api_client", "draft", 401),
        ("user_api_client", "published", 403),
        ("user_api_client", "draft", 403),
        # Deleting a published item unpublishes it: reviewers only.
        ("editor_api_client", "published", 403),
        ("editor_api_client", "draft", 204),
        ("reviewer_api_client", "published", 204),
        ("reviewer_api_client", "draft", 204),
    ],
)
def test_delete_matrix(
    request, basename, factory, model, change, client_name, expected, state
):
    client = request.getfixturevalue(client_name)
    obj = factory(**({} if state == "published" else {state: True}))

    response = client.delete(detail(basename, obj.slug))

    assert response.status_code == expected
    assert model.objects.filter(pk=obj.pk).exists() is (expected != 204)


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [("api_client", 401), ("user_api_client", 403), ("editor_api_client", 201)],
)
def test_create_matrix(request, client_name, expected):
    client = request.getfixturevalue(client_name)

    response = client.post(
        reverse("api:topic-list"),
        {"title": "Defense attachés", "slug": "defense-attaches", "summary": "Envoys."},
        format="json",
    )

    assert response.status_code == expected
    assert Topic.objects.filter(slug="defense-attaches").exists() is (expected == 201)


@pytest.mark.parametrize(
    ("basename", "factory"), [("source", SourceFactory), ("actor", ActorFactory)]
)
@pytest.mark.parametrize(
    ("client_name", "expected"),
    [("api_client", 401), ("user_api_client", 403), ("editor_api_client", 200)],
)
def test_sources_and_actors_are_public_but_writes_need_permission(
    request, basename, factory, client_name, expected
):
    client = request.getfixturevalue(client_name)
    obj = factory()
    assert client.get(detail(basename, obj.slug)).status_code == 200

    response = client.patch(
        detail(basename, obj.slug), {"slug": "renamed"}, format="json"
    )

    assert response.status_code == expected


def test_citations_of_drafts_are_hidden_from_readers_but_not_editors(
    api_client, user_api_client, editor_api_client
):
    public = CitationFactory(topic=TopicFactory())
    hidden_topic = CitationFactory(topic=TopicFactory(draft=True))
    hidden_case = CitationFactory(
        topic=None, case_study=CaseStudyFactory(scheduled=True)
    )
    url = reverse("api:citation-list")

    for client in (api_client, user_api_client):
        assert [c["id"] for c in client.get(url).json()["results"]] == [public.pk]
        for citation in (hidden_topic, hidden_case):
            response = client.get(reverse("api:citation-detail", args=[citation.pk]))
            assert response.status_code == 404
    editor_ids = {c["id"] for c in editor_api_client.get(url).json()["results"]}
    assert editor_ids == {public.pk, hidden_topic.pk, hidden_case.pk}


def test_nested_topics_never_name_a_draft(api_client, editor_api_client):
    draft_parent = TopicFactory(draft=True)
    topic = TopicFactory(parent=draft_parent)
    draft_child = TopicFactory(parent=topic, draft=True)
    public_child = TopicFactory(parent=topic)
    draft_related = TopicFactory(draft=True)
    topic.related.add(draft_related)

    data = api_client.get(detail("topic", topic.slug)).json()

    assert data["parent"] is None
    assert [c["slug"] for c in data["children"]] == [public_child.slug]
    assert data["related"] == []
    assert draft_parent.slug not in str(data)
    assert draft_child.slug not in str(data)
    editor_data = editor_api_client.get(detail("topic", topic.slug)).json()
    assert editor_data["parent"] == draft_parent.slug
    assert {c["slug"] for c in editor_data["children"]} == {
        draft_child.slug,
        public_child.slug,
    }
    assert editor_data["related"] == [draft_related.slug]


def test_case_study_lists_only_published_topics(api_client):
    draft_topic = TopicFactory(draft=True)
    public_topic = TopicFactory()
    case = CaseStudyFactory(topics=[draft_topic, public_topic])

    data = api_client.get(detail("casestudy", case.slug)).json()

    assert data["topics"] == [public_topic.slug]


def test_actor_lists_only_published_case_studies(api_client, editor_api_client):
    actor = ActorFactory()
    published = ParticipationFactory(actor=actor).case_study
    draft = ParticipationFactory(actor=actor, case_study=CaseStudyFactory(draft=True))

    data = api_client.get(detail("actor", actor.slug)).json()
    assert [c["slug"] for c in data["case_studies"]] == [published.slug]
    export = api_client.get(reverse("api:actor-export")).content.decode()
    assert draft.case_study.slug not in export

    editor_data = editor_api_client.get(detail("actor", actor.slug)).json()
    assert {c["slug"] for c in editor_data["case_studies"]} == {
        published.slug,
        draft.case_study.slug,
    }


def test_drafts_stay_out_of_exports_and_filters(api_client):
    CaseStudyFactory(title="Hidden", draft=True, region="africa")
    shown = CaseStudyFactory(region="africa")

    csv_rows = api_client.get(reverse("api:casestudy-export")).content.decode()
    filtered = api_client.get(reverse("api:casestudy-list"), {"region": "africa"})

    assert "Hidden" not in csv_rows and shown.title in csv_rows
    assert listed_slugs(filtered) == [shown.slug]
    assert filtered.json()["count"] == 1


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [("api_client", 401), ("user_api_client", 403), ("editor_api_client", 201)],
)
def test_citation_create_matrix(request, client_name, expected):
    client = request.getfixturevalue(client_name)
    topic, source = TopicFactory(draft=True), SourceFactory()

    response = client.post(
        reverse("api:citation-list"),
        {"source": source.slug, "topic": topic.slug, "claim": "A claim."},
        format="json",
    )

    assert response.status_code == expected
    assert topic.citations.exists() is (expected == 201)
