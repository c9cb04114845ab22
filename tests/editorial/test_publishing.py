"""The one visibility rule: published, with a publish-at time now or past."""

import pytest

from casestudies.models import CaseStudy
from tests.factories import CaseStudyFactory, EditorFactory, TopicFactory, UserFactory
from topics.models import Topic

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


def test_provenance_treats_verified_claims_of_ai_sources_as_checked():
    from tests.factories import CitationFactory, SourceFactory
    from topics.models import Reliability, VerificationStatus

    seed = SourceFactory(reliability=Reliability.AI_GENERATED)
    ai_only = TopicFactory(title="AI only")
    CitationFactory(topic=ai_only, source=seed)
    checked = TopicFactory(title="Checked")
    CitationFactory(
        topic=checked, source=seed, verification=VerificationStatus.VERIFIED
    )
    primary = TopicFactory(title="Primary")
    CitationFactory(
        topic=primary, source=SourceFactory(reliability=Reliability.PRIMARY)
    )
    uncited = TopicFactory(title="Uncited")

    assert list(Topic.objects.backed_only_by_ai()) == [ai_only]
    assert list(Topic.objects.without_citations()) == [uncited]
    flags = {
        t.title: (t.provenance_unsourced, t.provenance_ai_only)
        for t in Topic.objects.with_provenance()
    }
    assert flags == {
        "AI only": (False, True),
        "Checked": (False, False),
        "Primary": (False, False),
        "Uncited": (True, False),
    }


def test_case_study_cards_say_when_sources_are_unverified_or_missing(client):
    from tests.factories import CitationFactory, SourceFactory
    from topics.models import Reliability

    seed = SourceFactory(reliability=Reliability.AI_GENERATED)
    ai_case = CaseStudyFactory(title="Resting on a seed")
    CitationFactory(topic=None, case_study=ai_case, source=seed)
    CaseStudyFactory(title="Resting on nothing")
    html = client.get("/case-studies/").content.decode()
    assert html.count("Unverified: AI-generated sources only") == 1
    assert html.count("No sources cited yet") == 1


def test_a_topic_under_a_draft_parent_is_a_root_for_readers_only(client):
    from rest_framework.test import APIClient

    draft = TopicFactory(draft=True, title="Draft parent")
    child = TopicFactory(parent=draft, title="Orphaned child")
    assert list(Topic.objects.published().roots()) == [child]
    assert list(Topic.objects.roots(EditorFactory())) == [draft]
    featured = client.get("/").context["topics"]
    assert [t.title for t in featured] == ["Orphaned child"]
    api = APIClient()
    rows = api.get("/api/v1/topics/", {"root": "true"}).json()["results"]
    assert [r["title"] for r in rows] == ["Orphaned child"]
    assert api.get("/api/v1/topics/", {"root": "false"}).json()["count"] == 0
