"""Workflow emails: who gets which, after the commit, and never at the step's expense."""

import logging
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from editorial import notifications, workflow
from editorial.models import NotificationPreference, Transition
from editorial.models import PublicationStatus as Status
from tests.factories import (
    CaseStudyFactory,
    EditorFactory,
    ReviewerFactory,
    TopicFactory,
)
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("the mail server hung up")


def _opt_out(user):
    NotificationPreference.objects.create(user=user, email_notifications=False)


def test_submitting_mails_each_reviewer_with_an_address_once(
    django_capture_on_commit_callbacks, editor
):
    first, second = ReviewerFactory(), ReviewerFactory()
    _opt_out(ReviewerFactory())
    ReviewerFactory(email="")
    ReviewerFactory(is_active=False)
    topic = TopicFactory(draft=True, title="Defence attachés")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(user=editor, instance=topic)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "[Milidip] In review: Defence attachés"
    assert editor.username in message.body
    assert "submitted the topic “Defence attachés” for review on" in message.body
    change = reverse("admin:topics_topic_change", args=[topic.pk])
    assert f"http://127.0.0.1:8000{change}" in message.body
    assert "http://127.0.0.1:8000/admin/notification-settings/" in message.body


def test_nothing_is_sent_before_the_commit_nor_after_a_rollback(
    django_capture_on_commit_callbacks, editor
):
    ReviewerFactory()
    topic = TopicFactory(draft=True)
    with django_capture_on_commit_callbacks() as callbacks:
        workflow.submit_for_review(user=editor, instance=topic)
        assert mail.outbox == []
    assert len(callbacks) >= 1  # the email is queued once the step commits

    other = TopicFactory(draft=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.submit_for_review(user=editor, instance=other)
            raise RuntimeError("the save failed after the step")
    assert callbacks == [] and mail.outbox == []


def test_returning_tells_the_author_the_reason(
    django_capture_on_commit_callbacks, editor, reviewer
):
    case = CaseStudyFactory(draft=True, title="NATO in the Balkans")
    workflow.submit_for_review(user=editor, instance=case)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_draft(
            user=reviewer, instance=case, note="Cite the Dayton agreement."
        )

    [message] = mail.outbox
    assert message.to == [editor.email]
    assert message.subject == "[Milidip] Returned to draft: NATO in the Balkans"
    assert "Reason: Cite the Dayton agreement." in message.body
    assert reviewer.username in message.body
    assert reverse("admin:casestudies_casestudy_change", args=[case.pk]) in message.body


def test_withdrawing_ones_own_submission_mails_nobody(
    django_capture_on_commit_callbacks, editor
):
    topic = TopicFactory(draft=True)
    workflow.submit_for_review(user=editor, instance=topic)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_draft(user=editor, instance=topic)
    assert mail.outbox == []


def test_publishing_tells_the_author(django_capture_on_commit_callbacks, reviewer):
    author = EditorFactory()
    topic = TopicFactory(draft=True, title="Peacekeeping")
    workflow.submit_for_review(user=author, instance=topic)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(user=reviewer, instance=topic)

    [message] = mail.outbox
    assert message.to == [author.email]
    assert message.subject == "[Milidip] Published: Peacekeeping"
    assert "published your topic “Peacekeeping”" in message.body
    assert "Readers can see it now." in message.body


def test_scheduling_tells_the_author_when(django_capture_on_commit_callbacks, editor):
    reviewer = ReviewerFactory()
    topic = TopicFactory(draft=True, title="Joint exercises")
    workflow.submit_for_review(user=editor, instance=topic)
    later = timezone.now() + timezone.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.schedule(user=reviewer, instance=topic, publish_at=later)
    [message] = mail.outbox
    assert message.subject == "[Milidip] Scheduled: Joint exercises"
    assert f"Readers will see it from {later:%Y-%m-%d %H:%M}" in message.body


def test_an_author_who_opted_out_gets_nothing(
    django_capture_on_commit_callbacks, editor, reviewer
):
    _opt_out(editor)
    topic = TopicFactory(draft=True)
    workflow.submit_for_review(user=editor, instance=topic)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_draft(user=reviewer, instance=topic, note="Too short.")
        workflow.submit_for_review(user=editor, instance=topic)
        workflow.publish(user=reviewer, instance=topic)
    # Only the second submission's mail, to the reviewer.
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_publishing_an_unsubmitted_draft_tells_its_last_editor(
    django_capture_on_commit_callbacks, editor, reviewer
):
    topic = TopicFactory(draft=True)
    with workflow.revision_by(editor, "Written"):
        topic.summary = "Written by the editor."
        topic.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(user=reviewer, instance=topic)
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_status_changes_through_the_admin_form_notify_too(
    django_capture_on_commit_callbacks, client, editor, reviewer
):
    topic = TopicFactory(draft=True)
    client.force_login(editor)
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    data = change_form_data(client.get(url))
    data["status"] = Status.IN_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_status_changes_through_the_api_notify_too(
    django_capture_on_commit_callbacks, editor_api_client, reviewer
):
    topic = TopicFactory(draft=True)
    url = reverse("api:topic-detail", kwargs={"slug": topic.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api_client.patch(url, {"status": "in_review"}, format="json")
    assert response.status_code == 200, response.content
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_a_failing_mail_server_is_logged_and_the_step_stands(
    django_capture_on_commit_callbacks, settings, caplog, editor, reviewer
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    topic = TopicFactory(draft=True)
    with caplog.at_level(logging.ERROR, logger="milidip.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit_for_review(user=editor, instance=topic)
    assert type(topic).objects.get(pk=topic.pk).status == Status.IN_REVIEW
    [record] = caplog.records
    assert "'submitted' notification" in record.getMessage()
    assert record.exc_info[0] is SMTPException


def test_a_failing_mail_server_does_not_break_an_admin_button(
    django_capture_on_commit_callbacks, settings, caplog, editor_client, reviewer
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    topic = TopicFactory(draft=True)
    url = reverse("admin:topics_topic_workflow", args=[topic.pk, "submit_for_review"])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url)
    assert response.status_code == 302
    assert type(topic).objects.get(pk=topic.pk).status == Status.IN_REVIEW
    assert any(r.exc_info for r in caplog.records if r.name == "milidip.notifications")


def test_the_connection_uses_the_email_timeout(settings, monkeypatch, editor):
    settings.EMAIL_TIMEOUT = 3
    seen = {}
    real = notifications.get_connection

    def spy(**kwargs):
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(notifications, "get_connection", spy)
    ReviewerFactory()
    topic = TopicFactory(draft=True)
    workflow.submit_for_review(user=editor, instance=topic)
    transition = Transition.objects.get(object_id=topic.pk)
    assert notifications.notify_submitted(transition.pk) == 1
    assert seen == {"timeout": 3}


def test_a_vanished_item_or_transition_sends_nothing(editor):
    ReviewerFactory()
    topic = TopicFactory(draft=True)
    workflow.submit_for_review(user=editor, instance=topic)
    transition = Transition.objects.get(object_id=topic.pk)
    topic.delete()
    assert notifications.notify_submitted(transition.pk) == 0
    assert notifications.notify_published(10**9) == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("from_status", "to_status", "event"),
    [
        (Status.DRAFT, Status.IN_REVIEW, "submitted"),
        (Status.IN_REVIEW, Status.DRAFT, "returned"),
        (Status.IN_REVIEW, Status.PUBLISHED, "published"),
        (Status.DRAFT, Status.PUBLISHED, "published"),
        (Status.PUBLISHED, Status.DRAFT, None),
        (Status.PUBLISHED, Status.PUBLISHED, None),
        (Status.DRAFT, Status.DRAFT, None),
    ],
)
def test_which_steps_are_events(from_status, to_status, event):
    assert notifications.event_for(from_status, to_status) == event


# The opt-out page.


def test_a_user_switches_their_own_emails_off_and_on(editor_client, editor):
    url = reverse("admin:notification_settings")
    page = editor_client.get(url)
    assert page.status_code == 200
    assert editor.email in page.content.decode()
    assert "checked" in page.content.decode()  # on by default

    response = editor_client.post(url, {})
    assert response.status_code == 302
    assert not NotificationPreference.objects.get(user=editor).email_notifications
    assert not notifications.wants_email(editor)

    editor_client.post(url, {"email_notifications": "on"})
    assert NotificationPreference.objects.get(user=editor).email_notifications


def test_the_settings_page_is_linked_from_the_admin_header(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:notification_settings")}"' in page


def test_the_settings_page_needs_a_staff_login(client):
    response = client.get(reverse("admin:notification_settings"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_superusers_manage_everyones_preference_editors_do_not(
    admin_client, editor_client, editor
):
    NotificationPreference.objects.create(user=editor)
    changelist = reverse("admin:editorial_notificationpreference_changelist")
    assert editor_client.get(changelist).status_code == 403
    assert editor.username in admin_client.get(changelist).content.decode()
