"""The one visibility rule: published, with a publish-at time now or past."""

import pytest

from casestudies.models import CaseStudy
from topics.models import Topic

from .factories import CaseStudyFactory, EditorFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "factory"), [(Topic, TopicFactory), (CaseStudy, CaseStudyFactory)]
)
def test_only_published_and_due_rows_are_public(model, factory):
    public = factory()
    factory(draft=True)
    factory(in_review=True)
    factory(scheduled=True)
    assert list(model.objects.published()) == [public]
    assert model.objects.drafts().count() == 3


@pytest.mark.parametrize(
    ("model", "factory"), [(Topic, TopicFactory), (CaseStudy, CaseStudyFactory)]
)
def test_staff_with_change_permission_see_drafts(model, factory):
    factory()
    factory(draft=True)
    assert model.objects.visible_to(EditorFactory()).count() == 2
    assert model.objects.visible_to(UserFactory()).count() == 1
    assert model.objects.visible_to(None).count() == 1


def test_scheduled_item_becomes_public_when_its_time_comes(settings):
    from django.utils import timezone

    topic = TopicFactory(scheduled=True)
    assert not topic.is_published()
    Topic.objects.filter(pk=topic.pk).update(publish_at=timezone.now())
    assert Topic.objects.published().filter(pk=topic.pk).exists()


def test_filtering_by_a_drafts_slug_reveals_nothing(client):
    from rest_framework.test import APIClient

    draft = TopicFactory(draft=True, slug="secret-draft")
    TopicFactory(parent=draft, slug="public-child")
    CaseStudyFactory(topics=[draft])
    api = APIClient()
    assert api.get("/api/v1/topics/", {"parent": "secret-draft"}).json()["count"] == 0
    assert (
        api.get("/api/v1/case-studies/", {"topic": "secret-draft"}).json()["count"] == 0
    )
    page = client.get("/case-studies/", {"topic": "secret-draft"})
    assert page.context["page_obj"].paginator.count == 0


def test_editors_can_filter_by_a_drafts_slug():
    from rest_framework.test import APIClient

    draft = TopicFactory(draft=True, slug="secret-draft")
    CaseStudyFactory(topics=[draft])
    api = APIClient()
    api.force_authenticate(EditorFactory())
    assert (
        api.get("/api/v1/case-studies/", {"topic": "secret-draft"}).json()["count"] == 1
    )
