"""A published item's old addresses redirect permanently to its current one."""

import pytest
from django.urls import reverse

from editorial import workflow
from editorial.models import SlugHistory
from tests.factories import CaseStudyFactory, TopicFactory
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db


def _rename(obj, slug):
    obj.slug = slug
    obj.save()


@pytest.mark.parametrize("factory", [TopicFactory, CaseStudyFactory])
def test_old_address_of_a_renamed_item_redirects_permanently(client, factory):
    item = factory(slug="old-name")
    old_url = item.get_absolute_url()
    _rename(item, "new-name")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_renaming_in_the_admin_keeps_the_old_address(
    editor_client, reviewer_client, client
):
    topic = TopicFactory(slug="defense-attaches")
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    data = change_form_data(editor_client.get(url))
    data["slug"] = "defence-attaches"
    assert editor_client.post(url, data).status_code == 302
    # A draft of changes: readers keep the published address until it is published.
    assert client.get("/topics/defense-attaches/").status_code == 200
    data = change_form_data(reviewer_client.get(url))
    data["_workflow"] = "publish"
    checklist = reviewer_client.post(url, data)["Location"]  # it cites nothing
    confirmed = {"checklist_seen": "1", "confirm": "on"}
    assert reviewer_client.post(checklist, confirmed).status_code == 302
    response = client.get("/topics/defense-attaches/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/topics/defence-attaches/",
    )


def test_every_earlier_slug_leads_to_the_current_one(client):
    topic = TopicFactory(slug="first")
    _rename(topic, "second")
    _rename(topic, "third")
    for old in ["first", "second"]:
        assert client.get(f"/topics/{old}/")["Location"] == "/topics/third/"
    _rename(topic, "first")  # back to the original address
    assert client.get("/topics/first/").status_code == 200
    assert client.get("/topics/third/")["Location"] == "/topics/first/"
    assert not SlugHistory.objects.filter(old_slug="first").exists()


def test_query_string_is_kept(client):
    topic = TopicFactory(slug="before")
    _rename(topic, "after")
    assert client.get("/topics/before/?page=2")["Location"] == "/topics/after/?page=2"


def test_a_draft_renamed_leaves_no_redirect(client):
    topic = TopicFactory(slug="draft-name", draft=True)
    _rename(topic, "draft-renamed")
    assert not SlugHistory.objects.exists()
    assert client.get("/topics/draft-name/").status_code == 404


def test_old_address_of_an_unpublished_item_reveals_nothing(client, reviewer):
    topic = TopicFactory(slug="was-public")
    _rename(topic, "now-hidden")
    workflow.unpublish(user=reviewer, instance=topic)
    response = client.get("/topics/was-public/")
    assert response.status_code == 404
    assert "now-hidden" not in response.content.decode()


def test_a_live_item_wins_over_an_old_slug(client):
    renamed = TopicFactory(slug="shared", title="Renamed")
    _rename(renamed, "renamed")
    TopicFactory(slug="shared", title="New owner")
    response = client.get("/topics/shared/")
    assert response.status_code == 200
    assert "New owner" in response.content.decode()


def test_unknown_addresses_stay_404(client):
    assert client.get("/topics/never-existed/").status_code == 404
    assert client.get("/no/such/page/").status_code == 404


def test_topic_and_case_study_slugs_do_not_mix(client):
    case = CaseStudyFactory(slug="dayton")
    _rename(case, "dayton-accords")
    assert client.get("/topics/dayton/").status_code == 404
    assert (
        client.get("/case-studies/dayton/")["Location"]
        == "/case-studies/dayton-accords/"
    )


@pytest.mark.parametrize(
    ("factory", "prefix"),
    [(TopicFactory, "topics"), (CaseStudyFactory, "case-studies")],
)
def test_old_reference_download_address_redirects_too(client, factory, prefix):
    item = factory(slug="old-name")
    _rename(item, "new-name")
    response = client.get(f"/{prefix}/old-name/cite/bibtex/")
    assert (response.status_code, response["Location"]) == (
        301,
        f"/{prefix}/new-name/cite/bibtex/",
    )
    assert client.get(response["Location"]).status_code == 200
