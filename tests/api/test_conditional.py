"""Conditional requests: 304 for unchanged reads, 412 instead of overwriting an edit."""

import pytest
from rest_framework.reverse import reverse

from tests.factories import CaseStudyFactory, CitationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def topic_url(topic):
    return reverse("api:topic-detail", kwargs={"slug": topic.slug})


def test_unchanged_topic_answers_304_to_its_etag(api_client):
    topic = TopicFactory()
    etag = api_client.get(topic_url(topic))["ETag"]

    response = api_client.get(topic_url(topic), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_list_answers_304_until_a_row_changes(api_client):
    topic = TopicFactory()
    url = reverse("api:topic-list")
    etag = api_client.get(url)["ETag"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    topic.title = "Retitled"
    topic.save()

    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_etag_changes_when_a_nested_citation_changes(api_client):
    case = CaseStudyFactory()
    citation = CitationFactory(topic=None, case_study=case)
    url = reverse("api:casestudy-detail", kwargs={"slug": case.slug})
    etag = api_client.get(url)["ETag"]

    citation.verification = "verified"
    citation.save()

    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_write_with_current_etag_succeeds_and_returns_the_new_one(editor_api_client):
    topic = TopicFactory(draft=True)
    etag = editor_api_client.get(topic_url(topic))["ETag"]

    response = editor_api_client.patch(
        topic_url(topic), {"title": "Mine"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert editor_api_client.get(topic_url(topic))["ETag"] == response["ETag"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_write_with_stale_etag_is_refused_with_412(editor_api_client, method):
    topic = TopicFactory(title="Original", draft=True)
    stale = editor_api_client.get(topic_url(topic))["ETag"]
    editor_api_client.patch(
        topic_url(topic), {"title": "Someone else's"}, format="json"
    )
    payload = {"title": "Mine", "slug": topic.slug, "summary": "Mine."}

    response = getattr(editor_api_client, method)(
        topic_url(topic), payload, format="json", HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "precondition_failed"
    topic.refresh_from_db()
    assert topic.title == "Someone else's"


def test_write_without_if_match_is_accepted(editor_api_client):
    topic = TopicFactory()

    response = editor_api_client.patch(
        topic_url(topic), {"title": "New"}, format="json"
    )

    assert response.status_code == 200


def test_if_match_star_matches_any_existing_object(editor_api_client):
    topic = TopicFactory()

    response = editor_api_client.patch(
        topic_url(topic), {"title": "New"}, format="json", HTTP_IF_MATCH="*"
    )

    assert response.status_code == 200


def test_responses_vary_on_who_asks(api_client):
    topic = TopicFactory()

    vary = api_client.get(topic_url(topic))["Vary"]

    assert {"Accept", "Authorization", "Cookie"} <= {v.strip() for v in vary.split(",")}
