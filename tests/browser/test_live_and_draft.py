"""An editor and a reviewer take an edit of a published topic live in the real admin."""

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from editorial.models import PendingDraft
from tests.factories import (
    CitationFactory,
    EditorFactory,
    ReviewerFactory,
    TopicFactory,
)
from topics.models import Topic


def _signed_in(chromium, live_server, user):
    """A browser tab with `user`'s session (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    context = chromium.new_context(base_url=live_server.url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


def _groups():
    """The Editors and Reviewers groups, as their data migrations make them.

    An earlier transactional test may have flushed the database, groups included.
    """
    for module, function in [
        ("casestudies.migrations.0003_editors_group", "create_editors_group"),
        ("casestudies.migrations.0005_reviewers_group", "create_reviewers_group"),
    ]:
        getattr(import_module(module), function)(apps, None)


@pytest.mark.slow
def test_editor_and_reviewer_round_trip(chromium, live_server, transactional_db, page):
    _groups()
    topic = TopicFactory(title="Defence attachés", summary="Published summary.")
    CitationFactory(topic=topic, verification="verified")
    change = f"/admin/topics/topic/{topic.pk}/change/"

    editor_context, editor = _signed_in(chromium, live_server, EditorFactory())
    editor.goto(change)
    expect(editor.locator("#draft-notice")).to_contain_text(
        "Readers see the published version"
    )
    editor.fill("#id_summary", "Corrected summary.")
    # Leaving with unsaved text asks first (static/js/unsaved_changes.js).
    dialogs = []
    editor.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    editor.get_by_role("button", name="Save and submit changes for review").click()
    expect(editor.locator(".messagelist")).to_contain_text(
        "its unpublished changes are in review"
    )
    assert dialogs == []  # saving is not leaving

    page.goto(topic.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Published summary.")
    expect(page.locator("main")).not_to_contain_text("Corrected summary.")
    assert PendingDraft.objects.get().status == "in_review"

    editor.goto(change)
    editor.fill("#id_body", "Typed and left.")
    editor.close(run_before_unload=True)
    editor.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    editor_context.close()

    reviewer_context, reviewer = _signed_in(chromium, live_server, ReviewerFactory())
    reviewer.goto(change)
    expect(reviewer.locator("#id_summary")).to_have_value("Corrected summary.")
    reviewer.get_by_role("button", name="Save and publish changes now").click()
    if reviewer.locator("#publish-checklist").count():
        reviewer.get_by_label("I have read these problems").check()
        reviewer.get_by_role("button", name="Publish now").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("is now published")
    reviewer_context.close()

    page.goto(topic.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Corrected summary.")
    assert Topic.objects.get(pk=topic.pk).summary == "Corrected summary."
    assert not PendingDraft.objects.exists()
