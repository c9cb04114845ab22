"""Live and draft versions through the API: who sees and moves pending changes."""

import pytest
from rest_framework.reverse import reverse

from editorial.models import DraftStatus, PendingDraft
from tests.factories import ActorFactory, CaseStudyFactory, TopicFactory

pytestmark = pytest.mark.django_db

CLIENTS = ["api_client", "user_api_client", "editor_api_client", "reviewer_api_client"]


def detail(obj):
    basename = "topic" if obj._meta.model_name == "topic" else "casestudy"
    return reverse(f"api:{basename}-detail", kwargs={"slug": obj.slug})


def changes_url(obj, step):
    basename = "topic" if obj._meta.model_name == "topic" else "casestudy"
    return reverse(f"api:{basename}-{step}-changes", kwargs={"slug": obj.slug})


@pytest.fixture
def pending(editor_api_client):
    """A published case study with pending changes made through the API."""
    case = CaseStudyFactory(title="Published title", summary="Published summary.")
    newcomer = ActorFactory(slug="newcomer")
    response = editor_api_client.patch(
        detail(case),
        {
            "summary": "Pending summary.",
            "participants": [{"actor": newcomer.slug, "role": "mediator"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "Pending summary."
    return case


@pytest.mark.parametrize(
    ("client_name", "sees_draft"),
    [
        ("api_client", False),
        ("user_api_client", False),
        ("editor_api_client", True),
        ("reviewer_api_client", True),
    ],
)
def test_only_staff_who_may_change_read_the_draft_version(
    request, pending, client_name, sees_draft
):
    client = request.getfixturevalue(client_name)
    response = client.get(detail(pending), {"version": "draft"})
    assert response.status_code == 200
    if sees_draft:
        assert response.json()["summary"] == "Pending summary."
        assert [p["actor"] for p in response.json()["participants"]] == ["newcomer"]
    else:  # ignored: the live version, the only one they may read
        assert "Pending summary." not in response.content.decode()
        assert "newcomer" not in response.content.decode()
        assert response.json()["summary"] == "Published summary."
        assert response["ETag"] == client.get(detail(pending))["ETag"]
    live = client.get(detail(pending))
    assert live.json()["summary"] == "Published summary."


@pytest.mark.parametrize("client_name", CLIENTS)
def test_lists_and_exports_show_the_live_version_to_everyone(
    request, pending, client_name
):
    client = request.getfixturevalue(client_name)
    for url in [
        reverse("api:casestudy-list") + "?expand=participants",
        reverse("api:casestudy-export"),
    ]:
        body = client.get(url).content.decode()
        assert "Published summary." in body or "Published title" in body
        assert "Pending summary." not in body and "newcomer" not in body


def test_an_unknown_version_is_a_400(editor_api_client):
    topic = TopicFactory()
    response = editor_api_client.get(detail(topic), {"version": "latest"})
    assert response.status_code == 400
    assert response.json()["errors"]["version"] == ["Choose `live` or `draft`."]


def test_a_second_patch_builds_on_the_pending_changes(editor_api_client, pending):
    response = editor_api_client.patch(
        detail(pending), {"title": "Pending title"}, format="json"
    )
    assert response.status_code == 200
    draft = editor_api_client.get(detail(pending), {"version": "draft"}).json()
    assert (draft["title"], draft["summary"]) == ("Pending title", "Pending summary.")
    assert PendingDraft.objects.for_object(pending).version == 2


def test_if_match_covers_the_pending_changes(editor_api_client, pending):
    live_etag = editor_api_client.get(detail(pending))["ETag"]
    draft_etag = editor_api_client.get(detail(pending), {"version": "draft"})["ETag"]
    assert live_etag != draft_etag

    stale = editor_api_client.patch(
        detail(pending), {"title": "Mine"}, format="json", HTTP_IF_MATCH=live_etag
    )
    assert stale.status_code == 412
    fresh = editor_api_client.patch(
        detail(pending), {"title": "Mine"}, format="json", HTTP_IF_MATCH=draft_etag
    )
    assert fresh.status_code == 200
    assert (
        fresh["ETag"]
        == (editor_api_client.get(detail(pending), {"version": "draft"})["ETag"])
    )


@pytest.mark.parametrize(
    ("client_name", "submit", "publish"),
    [
        ("api_client", 401, 401),
        ("user_api_client", 403, 403),
        ("editor_api_client", 200, 403),
        ("reviewer_api_client", 200, 200),
    ],
)
def test_who_submits_and_publishes_pending_changes(
    request, pending, client_name, submit, publish
):
    client = request.getfixturevalue(client_name)
    response = client.post(changes_url(pending, "submit"))
    assert response.status_code == submit
    if submit == 200:
        assert PendingDraft.objects.for_object(pending).status == DraftStatus.IN_REVIEW
        assert response.json()["summary"] == "Published summary."
    response = client.post(changes_url(pending, "publish"))
    assert response.status_code == publish
    pending.refresh_from_db()
    if publish == 200:
        assert response.json()["summary"] == "Pending summary."
        assert pending.summary == "Pending summary."
        assert list(pending.actors.values_list("slug", flat=True)) == ["newcomer"]
        assert not PendingDraft.objects.exists()
    else:
        assert pending.summary == "Published summary."


def test_publishing_without_pending_changes_is_a_400(reviewer_api_client):
    topic = TopicFactory()
    response = reviewer_api_client.post(changes_url(topic, "publish"))
    assert response.status_code == 400
    assert "no pending changes" in response.content.decode()


def test_a_status_change_is_not_a_draft(reviewer_api_client):
    topic = TopicFactory(summary="Published.")
    response = reviewer_api_client.patch(
        detail(topic), {"status": "draft", "summary": "Unpublished."}, format="json"
    )
    assert response.status_code == 200
    topic.refresh_from_db()
    assert (topic.status, topic.summary) == ("draft", "Unpublished.")
    assert not PendingDraft.objects.exists()


def test_the_schema_documents_the_draft_version(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/topics/{slug}/"]["get"]["parameters"]
    version = next(p for p in parameters if p["name"] == "version")
    assert sorted(version["schema"]["enum"]) == ["draft", "live"]
    assert "/api/v1/case-studies/{slug}/changes/publish/" in schema["paths"]


def test_an_editor_changing_a_published_status_is_told_what_to_do(editor_api_client):
    topic = TopicFactory()
    response = editor_api_client.patch(
        detail(topic), {"status": "in_review"}, format="json"
    )
    assert response.status_code == 403
    message = response.json()["detail"]
    assert "leave the status as it is" not in message
    assert "saved as a draft of changes" in message
    assert "submit the changes for review" in message


def test_deleting_an_item_drops_its_pending_changes(reviewer_api_client, pending):
    assert PendingDraft.objects.exists()
    assert reviewer_api_client.delete(detail(pending)).status_code == 204
    assert not PendingDraft.objects.exists()
