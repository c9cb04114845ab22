"""Review: the inbox on the admin index, returns with a reason, the publish checklist."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from editorial import workflow
from editorial.models import PublicationStatus as Status
from editorial.models import Transition
from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    EditorFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import Reliability, Topic

pytestmark = pytest.mark.django_db


def workflow_url(obj, step):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_workflow", args=[obj.pk, step]
    )


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def submitted(editor, factory=TopicFactory, **kwargs):
    obj = factory(draft=True, last_edited_by=editor, **kwargs)
    with reversion.create_revision():
        obj.save()
    return workflow.submit_for_review(user=editor, instance=obj)


def test_a_reviewer_must_say_why_she_returns_someone_elses_work(
    client, editor, reviewer
):
    topic = submitted(editor)
    client.force_login(reviewer)

    refused = client.post(
        workflow_url(topic, "return_to_draft"), {"note": " "}, follow=True
    )

    assert "Say why you are returning it" in refused.content.decode()
    topic.refresh_from_db()
    assert topic.status == Status.IN_REVIEW

    client.post(
        workflow_url(topic, "return_to_draft"), {"note": "Cite the 1999 agreement."}
    )

    topic.refresh_from_db()
    assert topic.status == Status.DRAFT
    step = Transition.objects.filter(to_status=Status.DRAFT).get()
    assert (step.by, step.note) == (reviewer, "Cite the 1999 agreement.")
    comment = Version.objects.get_for_object(topic).first().revision.comment
    assert comment == "Returned to draft: Cite the 1999 agreement."


def test_the_author_sees_the_reason_on_the_page_and_in_the_inbox(
    client, editor, reviewer
):
    topic = submitted(editor, title="Defence attachés")
    workflow.return_to_draft(user=reviewer, instance=topic, note="Add a source.")
    client.force_login(editor)

    page = client.get(change_url(topic)).content.decode()
    index = client.get(reverse("admin:index")).content.decode()

    assert "Returned to draft by" in page and "Add a source." in page
    returned = index.split('id="inbox-returned"')[1].split("</ul>")[0]
    assert "Defence attachés" in returned and "Add a source." in returned


def test_an_editor_withdraws_her_own_submission_without_a_reason(editor):
    topic = submitted(editor)

    workflow.return_to_draft(user=editor, instance=topic)

    topic.refresh_from_db()
    assert topic.status == Status.DRAFT


def test_reviewers_inbox_lists_items_in_review_oldest_first_with_the_submitter(
    client, editor, reviewer
):
    first = submitted(editor, title="First submitted")
    second = submitted(editor, factory=CaseStudyFactory, title="Second submitted")
    TopicFactory(title="Already public")
    client.force_login(reviewer)

    index = client.get(reverse("admin:index")).content.decode()

    awaiting = index.split('id="inbox-awaiting-review"')[1].split("</ul>")[0]
    assert awaiting.index(first.title) < awaiting.index(second.title)
    assert f"submitted by {editor.username}" in awaiting
    assert "Already public" not in awaiting


def test_editors_see_their_drafts_but_no_review_list(client, editor):
    TopicFactory(draft=True, title="My draft", last_edited_by=editor)
    TopicFactory(
        draft=True, title="Someone else's draft", last_edited_by=EditorFactory()
    )
    client.force_login(editor)

    index = client.get(reverse("admin:index")).content.decode()

    assert "Awaiting your review" not in index
    drafts = index.split('id="inbox-drafts"')[1].split("</ul>")[0]
    assert "My draft" in drafts and "Someone else" not in drafts


def test_the_inbox_runs_a_fixed_number_of_queries(
    client, editor, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    client.get(reverse("admin:index"))  # warm the content-type cache
    for _ in range(15):
        submitted(editor)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("admin:index"))
    for _ in range(15):
        submitted(editor, factory=CaseStudyFactory)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("admin:index"))


def test_publishing_an_ai_only_item_takes_a_recorded_confirmation(client, reviewer):
    topic = TopicFactory(in_review=True)
    CitationFactory(
        topic=topic, source=SourceFactory(reliability=Reliability.AI_GENERATED)
    )
    client.force_login(reviewer)

    page = client.post(workflow_url(topic, "publish"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Every claim rests only on AI-generated, unverified sources." in text
    assert "1 of 1 citations are unverified." in text
    assert not Topic.objects.published().filter(pk=topic.pk).exists()

    client.post(workflow_url(topic, "publish"), {"checklist_seen": "1"})
    assert not Topic.objects.published().filter(pk=topic.pk).exists()

    client.post(
        workflow_url(topic, "publish"), {"checklist_seen": "1", "confirm": "on"}
    )

    assert Topic.objects.published().filter(pk=topic.pk).exists()
    note = Transition.objects.get(to_status=Status.PUBLISHED).note
    assert note.startswith("Published despite: Every claim rests only on AI-generated")


def test_a_checked_item_is_published_at_once(client, reviewer):
    topic = TopicFactory(in_review=True)
    CitationFactory(topic=topic, verification="verified")
    client.force_login(reviewer)

    response = client.post(workflow_url(topic, "publish"))

    assert response.status_code == 302
    assert Topic.objects.published().filter(pk=topic.pk).exists()
    assert Transition.objects.get(to_status=Status.PUBLISHED).note == ""


def test_the_publish_action_leaves_items_with_open_problems_alone(client, reviewer):
    checked, unsourced = TopicFactory(in_review=True), TopicFactory(in_review=True)
    CitationFactory(topic=checked, verification="verified")
    client.force_login(reviewer)

    response = client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "publish", "_selected_action": [checked.pk, unsourced.pk]},
        follow=True,
    )

    assert Topic.objects.published().filter(pk=checked.pk).exists()
    assert not Topic.objects.published().filter(pk=unsourced.pk).exists()
    assert (
        "publish it from its page, where you can confirm" in response.content.decode()
    )
