"""The editorial workflow: every transition, who may take it, and its record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from casestudies.models import CaseStudy
from editorial import workflow
from editorial.models import PendingDraft, Transition
from editorial.models import PublicationStatus as Status
from editorial.permissions import may_publish
from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    TopicFactory,
    UserFactory,
)
from tests.helpers import change_form_data, inline_management
from topics.models import Topic
from topics.verification import may_verify

pytestmark = pytest.mark.django_db

KINDS = [(Topic, TopicFactory), (CaseStudy, CaseStudyFactory)]


def _admin_url(obj, view="change", *args):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args]
    )


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# The services, called directly (as the API does).


@pytest.mark.parametrize(("model", "factory"), KINDS)
def test_reviewer_takes_an_item_through_every_step(model, factory, reviewer):
    item = factory(draft=True)
    workflow.submit_for_review(user=reviewer, instance=item)
    assert _reload(item).status == Status.IN_REVIEW
    workflow.return_to_draft(user=reviewer, instance=item, note="Cite a treaty.")
    assert _reload(item).status == Status.DRAFT
    later = timezone.now() + timezone.timedelta(days=3)
    workflow.schedule(user=reviewer, instance=item, publish_at=later)
    assert (_reload(item).status, _reload(item).publish_at) == (Status.PUBLISHED, later)
    assert not model.objects.published().filter(pk=item.pk).exists()
    workflow.publish(user=reviewer, instance=item)
    assert model.objects.published().filter(pk=item.pk).exists()
    workflow.unpublish(user=reviewer, instance=item)
    assert (_reload(item).status, _reload(item).publish_at) == (Status.DRAFT, None)

    steps = list(workflow.transitions_for(item).order_by("at", "pk"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("draft", "in_review"),
        ("in_review", "draft"),
        ("draft", "published"),
        ("published", "published"),
        ("published", "draft"),
    ]
    assert {s.by for s in steps} == {reviewer}
    assert steps[1].note == "Cite a treaty."
    assert all(s.at is not None for s in steps)


def test_every_transition_is_a_revision_naming_its_author(reviewer):
    topic = TopicFactory(draft=True)
    workflow.submit_for_review(user=reviewer, instance=topic)
    workflow.publish(user=reviewer, instance=topic)
    revisions = [v.revision for v in Version.objects.get_for_object(topic)]
    assert [(r.user, r.comment) for r in revisions] == [
        (reviewer, "Published"),
        (reviewer, "Submitted for review"),
    ]


@pytest.mark.parametrize(("model", "factory"), KINDS)
def test_editor_submits_and_withdraws_but_cannot_publish(model, factory, editor):
    item = factory(draft=True)
    workflow.submit_for_review(user=editor, instance=item)
    assert _reload(item).status == Status.IN_REVIEW
    with pytest.raises(PermissionDenied, match="Only reviewers can publish"):
        workflow.publish(user=editor, instance=item)
    with pytest.raises(PermissionDenied):
        workflow.schedule(
            user=editor,
            instance=item,
            publish_at=timezone.now() + timezone.timedelta(days=1),
        )
    assert _reload(item).status == Status.IN_REVIEW
    workflow.return_to_draft(user=editor, instance=item)
    assert _reload(item).status == Status.DRAFT
    assert Transition.objects.filter(to_status=Status.PUBLISHED).count() == 0


def test_editor_cannot_unpublish(editor):
    topic = TopicFactory()
    with pytest.raises(PermissionDenied, match="Only reviewers can unpublish"):
        workflow.unpublish(user=editor, instance=topic)
    assert _reload(topic).is_published()


def test_user_without_change_permission_can_take_no_step():
    topic = TopicFactory(draft=True)
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(user=UserFactory(is_staff=True), instance=topic)
    assert _reload(topic).status == Status.DRAFT


@pytest.mark.parametrize(
    ("trait", "step", "message"),
    [
        ("in_review", workflow.submit_for_review, "Only drafts can be submitted"),
        ("draft", workflow.return_to_draft, "Only items in review can be returned"),
        ("draft", workflow.unpublish, "this topic is draft"),
        ("published", workflow.publish, "already published"),
    ],
)
def test_a_step_from_the_wrong_state_is_refused(reviewer, trait, step, message):
    topic = TopicFactory(**({trait: True} if trait != "published" else {}))
    before = (topic.status, topic.publish_at)
    with pytest.raises(ValidationError, match=message):
        step(user=reviewer, instance=topic)
    assert (_reload(topic).status, _reload(topic).publish_at) == before


def test_scheduling_in_the_past_is_refused(reviewer):
    topic = TopicFactory(draft=True)
    with pytest.raises(ValidationError, match="in the future"):
        workflow.schedule(
            user=reviewer,
            instance=topic,
            publish_at=timezone.now() - timezone.timedelta(hours=1),
        )
    assert _reload(topic).status == Status.DRAFT


# The check the API serializers call before saving a new status.


@pytest.mark.parametrize(
    ("stored", "status", "publish_in_days", "editor_may"),
    [
        ("draft", "in_review", None, True),
        ("in_review", "draft", None, True),
        ("draft", "published", None, False),
        ("in_review", "published", 2, False),
        ("published", "draft", None, False),
        ("published", "published", None, True),  # editing a published text
    ],
)
def test_check_status_change_lets_editors_write_and_reviewers_publish(
    editor, reviewer, stored, status, publish_in_days, editor_may
):
    topic = TopicFactory(**({stored: True} if stored != "published" else {}))
    publish_at = (
        timezone.now() + timezone.timedelta(days=publish_in_days)
        if publish_in_days
        else topic.publish_at
    )
    change = {"instance": topic, "status": status, "publish_at": publish_at}
    workflow.check_status_change(user=reviewer, **change)
    if editor_may:
        workflow.check_status_change(user=editor, **change)
    else:
        with pytest.raises(PermissionDenied, match="Only reviewers"):
            workflow.check_status_change(user=editor, **change)


def test_a_publish_at_time_on_a_draft_is_refused(editor, reviewer):
    change = {
        "instance": TopicFactory(draft=True),
        "status": "draft",
        "publish_at": timezone.now() + timezone.timedelta(days=2),
    }
    with pytest.raises(PermissionDenied):
        workflow.check_status_change(user=editor, **change)
    with pytest.raises(ValidationError, match="only applies to a published item"):
        workflow.check_status_change(user=reviewer, **change)


def test_adding_needs_the_add_permission():
    with pytest.raises(PermissionDenied, match="You may not add a topic"):
        workflow.check_status_change(
            user=UserFactory(is_staff=True),
            instance=Topic(),
            status="draft",
            publish_at=None,
        )


def test_check_status_change_rejects_an_unknown_status(reviewer):
    with pytest.raises(ValidationError, match="Unknown publication status"):
        workflow.check_status_change(
            user=reviewer, instance=TopicFactory(), status="live", publish_at=None
        )


def test_check_status_change_refuses_publishing_a_new_item_for_an_editor(editor):
    with pytest.raises(PermissionDenied):
        workflow.check_status_change(
            user=editor, instance=Topic(), status="published", publish_at=None
        )


def test_an_api_style_write_is_checked_and_in_the_history_with_its_author(
    editor, reviewer
):
    """How the API saves: check, save inside a revision, record the step."""
    topic = TopicFactory(draft=True)
    with pytest.raises(PermissionDenied):
        workflow.check_status_change(
            user=editor, instance=topic, status="published", publish_at=None
        )
    workflow.check_status_change(
        user=reviewer, instance=topic, status="published", publish_at=None
    )
    from_status, from_publish_at = workflow.stored_state(topic)
    with workflow.revision_by(reviewer, "Changed through the API"):
        topic.status, topic.summary = "published", "From the API."
        topic.full_clean()
        topic.save()
    workflow.record_transition(
        user=reviewer,
        instance=topic,
        from_status=from_status,
        from_publish_at=from_publish_at,
    )
    revision = Version.objects.get_for_object(topic).get().revision
    assert (revision.user, revision.comment) == (reviewer, "Changed through the API")
    assert workflow.transitions_for(topic).get().by == reviewer
    assert _reload(topic).is_published()


def test_can_verify_is_for_reviewers(editor, reviewer):
    assert may_verify(reviewer) and not may_verify(editor)


def test_can_publish_follows_the_groups(editor, reviewer):
    assert may_publish(reviewer, Topic)
    assert may_publish(reviewer, CaseStudyFactory())
    assert not may_publish(editor, Topic)
    assert not may_publish(None, Topic)


# The admin form, buttons and actions.


def test_editor_saving_status_published_gets_a_form_error(editor_client):
    topic = TopicFactory(draft=True)
    url = _admin_url(topic)
    data = change_form_data(editor_client.get(url))
    offered = [v for v, _ in response_choices(editor_client, url)]
    assert offered == ["draft", "in_review"]  # editors are not offered "published"
    data["status"] = "published"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Only reviewers can publish" in errors["status"][0]
    assert _reload(topic).status == Status.DRAFT


def response_choices(client, url):
    return client.get(url).context["adminform"].form.fields["status"].widget.choices


def test_editor_setting_a_publish_at_time_gets_a_form_error(editor_client):
    topic = TopicFactory(in_review=True)
    url = _admin_url(topic)
    data = change_form_data(editor_client.get(url))
    data["publish_at_0"], data["publish_at_1"] = "2031-01-01", "09:00:00"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors
    assert _reload(topic).publish_at is None


def test_editor_correcting_a_published_item_saves_a_draft_of_changes(
    editor_client, editor
):
    topic = TopicFactory(summary="Published summary.")
    url = _admin_url(topic)
    data = change_form_data(editor_client.get(url))
    assert "status" not in data  # publication moves with the buttons only
    data["summary"] = "Corrected summary."
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    topic = _reload(topic)
    assert (topic.summary, topic.status) == ("Published summary.", Status.PUBLISHED)
    draft = PendingDraft.objects.for_object(topic)
    assert (draft.data["fields"]["summary"], draft.author) == (
        "Corrected summary.",
        editor,
    )
    step = Transition.objects.get()
    assert (step.to_status, step.note) == (Status.PUBLISHED, "Changes saved as a draft")


def test_editor_adding_a_published_case_study_is_refused(editor_client):
    data = {
        "title": "Dayton talks",
        "slug": "dayton-talks",
        "summary": "Proximity talks.",
        "start_year": "1995",
        "year_precision": "exact",
        "region": "europe",
        "outcome": "success",
        "peace_duration": "not_assessed",
        "hostility_reduction": "not_assessed",
        "economic_partnership": "not_assessed",
        "status": "published",
        **inline_management("participations"),
        **inline_management("citations"),
    }
    response = editor_client.post(reverse("admin:casestudies_casestudy_add"), data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not CaseStudy.objects.exists()


def test_reviewer_publishes_through_the_form_and_it_is_recorded(
    reviewer_client, reviewer
):
    case = CaseStudyFactory(in_review=True)
    url = _admin_url(case)
    data = change_form_data(reviewer_client.get(url))
    data["status"] = "published"
    response = reviewer_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _reload(case).is_published()
    step = workflow.transitions_for(case).get()
    assert (step.from_status, step.to_status, step.by) == (
        "in_review",
        "published",
        reviewer,
    )


def test_change_form_offers_the_buttons_the_user_may_use(client, editor, reviewer):
    topic = TopicFactory(draft=True)
    client.force_login(editor)
    page = client.get(_admin_url(topic)).content.decode()
    assert "Save and submit for review" in page
    assert "Save and publish now" not in page
    client.force_login(reviewer)
    page = client.get(_admin_url(topic)).content.decode()
    assert "Save and publish now" in page and "Save and schedule…" in page


@pytest.mark.parametrize(("model", "factory"), KINDS)
def test_buttons_run_the_transitions(model, factory, editor_client, editor):
    item = factory(draft=True)
    response = editor_client.post(_admin_url(item, "workflow", "submit_for_review"))
    assert response.status_code == 302
    assert _reload(item).status == Status.IN_REVIEW
    assert workflow.transitions_for(item).get().by == editor

    response = editor_client.post(_admin_url(item, "workflow", "publish"))
    assert response.status_code == 403
    assert _reload(item).status == Status.IN_REVIEW


def test_reviewer_schedules_with_the_schedule_form(reviewer_client):
    topic = TopicFactory(in_review=True)
    url = _admin_url(topic, "workflow", "schedule")
    assert reviewer_client.get(url).status_code == 200
    response = reviewer_client.post(url, {"publish_at": "2000-01-01T10:00"})
    assert response.status_code == 200
    assert "Pick a time in the future." in response.content.decode()
    # It cites nothing, so scheduling it takes an explicit confirmation.
    response = reviewer_client.post(url, {"publish_at": "2031-05-01T10:00"})
    assert response.status_code == 200
    assert "It cites no source at all." in response.content.decode()
    response = reviewer_client.post(
        url, {"publish_at": "2031-05-01T10:00", "confirm": "on"}
    )
    assert response.status_code == 302
    topic = _reload(topic)
    assert topic.status == Status.PUBLISHED
    assert topic.publish_at.year == 2031
    assert not Topic.objects.published().filter(pk=topic.pk).exists()


def test_editor_cannot_open_the_schedule_form_to_schedule(editor_client):
    topic = TopicFactory(in_review=True)
    url = _admin_url(topic, "workflow", "schedule")
    assert editor_client.get(url).status_code == 403
    assert (
        editor_client.post(url, {"publish_at": "2031-05-01T10:00"}).status_code == 403
    )
    assert _reload(topic).status == Status.IN_REVIEW


def test_bad_workflow_requests_get_clear_errors(reviewer_client):
    topic = TopicFactory(draft=True)
    assert (
        reviewer_client.get(
            _admin_url(topic, "workflow", "return_to_draft")
        ).status_code
        == 200
    )
    assert (
        reviewer_client.get(
            _admin_url(topic, "workflow", "submit_for_review")
        ).status_code
        == 405
    )
    assert (
        reviewer_client.post(_admin_url(topic, "workflow", "launch")).status_code == 404
    )
    missing = reverse("admin:topics_topic_workflow", args=[999999, "publish"])
    assert reviewer_client.post(missing).status_code == 404
    response = reviewer_client.post(
        _admin_url(topic, "workflow", "unpublish"), follow=True
    )
    assert (
        "Only published or scheduled items can be unpublished; this topic is draft."
        in response.content.decode()
    )


def test_changelist_actions_follow_the_permissions(editor, reviewer):
    editor_client, reviewer_client = Client(), Client()
    editor_client.force_login(editor)
    reviewer_client.force_login(reviewer)
    drafts = TopicFactory.create_batch(2, draft=True)
    for topic in drafts:
        CitationFactory(topic=topic, verification="verified")
    url = reverse("admin:topics_topic_changelist")
    actions = dict(
        editor_client.get(url).context["action_form"].fields["action"].choices
    )
    assert "submit_for_review" in actions and "publish" not in actions
    editor_client.post(
        url,
        {"action": "submit_for_review", "_selected_action": [t.pk for t in drafts]},
    )
    assert {_reload(t).status for t in drafts} == {Status.IN_REVIEW}

    reviewer_client.post(
        url, {"action": "publish", "_selected_action": [t.pk for t in drafts]}
    )
    assert all(_reload(t).is_published() for t in drafts)
    assert Transition.objects.filter(to_status="published").count() == 2


def test_editor_posting_the_publish_action_anyway_changes_nothing(editor_client):
    topic = TopicFactory(draft=True)
    editor_client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "publish", "_selected_action": [topic.pk]},
    )
    assert _reload(topic).status == Status.DRAFT


def test_scheduled_item_stays_hidden_from_readers_until_due(client, reviewer):
    topic = TopicFactory(draft=True)
    workflow.schedule(
        user=reviewer,
        instance=topic,
        publish_at=timezone.now() + timezone.timedelta(hours=2),
    )
    assert client.get(topic.get_absolute_url()).status_code == 404
    Topic.objects.filter(pk=topic.pk).update(publish_at=timezone.now())
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_only_the_reviewers_group_may_publish_or_verify():
    """The groups that migrations create split the work as the README says."""
    from django.contrib.auth.models import Group

    def codenames(name):
        return set(
            Group.objects.get(name=name).permissions.values_list("codename", flat=True)
        )

    decisive = {"publish_topic", "publish_casestudy", "verify_citation"}
    assert decisive <= codenames("Reviewers")
    assert not decisive & codenames("Editors")
    assert {"change_topic", "change_casestudy", "add_citation"} <= codenames("Editors")
