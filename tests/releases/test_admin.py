"""Reviewers make releases in the admin; editors only see them; nobody changes one."""

import pytest
from django.contrib.auth.models import Group

from releases.build import make_release
from releases.models import Release
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/releases/release/add/"


def test_the_groups_have_the_release_permissions(db):
    reviewers = Group.objects.get(name="Reviewers").permissions
    editors = Group.objects.get(name="Editors").permissions
    assert reviewers.filter(codename="add_release").exists()
    assert not editors.filter(codename="add_release").exists()
    assert editors.filter(codename="view_release").exists()
    for group in (reviewers, editors):
        assert not group.filter(
            codename__in=["change_release", "delete_release"]
        ).exists()


def test_a_reviewer_makes_a_release_in_the_admin(
    reviewer, reviewer_client, django_capture_on_commit_callbacks
):
    TopicFactory()
    form = reviewer_client.get(ADD)
    assert form.status_code == 200
    assert 'name="version"' in form.content.decode()
    with django_capture_on_commit_callbacks() as queued:
        response = reviewer_client.post(
            ADD, {"version": "2026.1", "notes": "First."}, follow=True
        )
    # The request only queues the build; the task makes the release after it.
    assert not Release.objects.exists()
    assert "Release 2026.1 is being built" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/releases/release/"
    for callback in queued:
        callback()

    release = Release.objects.get()
    assert release.created_by == reviewer
    assert release.notes == "First.\n\nThe first release."
    assert release.counts["topics"] == 1
    assert release.file.storage.exists(release.file.name)
    page = reviewer_client.get(f"/admin/releases/release/{release.pk}/change/")
    assert page.status_code == 200
    assert release.sha256 in page.content.decode()


def test_a_taken_or_malformed_version_is_a_form_error(reviewer_client):
    TopicFactory()
    make_release("2026.1")
    for version, message in [
        ("2026.1", "exists already"),
        ("spring", "is not a release version"),
    ]:
        response = reviewer_client.post(ADD, {"version": version, "notes": ""})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert Release.objects.count() == 1


def test_an_editor_cannot_make_a_release(editor_client):
    TopicFactory()
    assert editor_client.get(ADD).status_code == 403
    assert editor_client.post(ADD, {"version": "2026.1"}).status_code == 403
    assert not Release.objects.exists()
    assert editor_client.get("/admin/releases/release/").status_code == 200


def test_nobody_changes_or_deletes_a_release(admin_client):
    TopicFactory()
    release = make_release("2026.1")
    change = f"/admin/releases/release/{release.pk}/change/"

    admin_client.post(change, {"version": "2026.9", "notes": "Rewritten."})
    response = admin_client.post(
        f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    release.refresh_from_db()
    assert (release.version, release.notes) == ("2026.1", "The first release.")


def test_the_build_task_is_idempotent_and_logs_a_refusal(reviewer, caplog):
    from releases.tasks import build_release

    TopicFactory()
    assert build_release.delay("2026.1", "", reviewer.pk).get() == "made"
    assert build_release.delay("2026.1", "", reviewer.pk).get() == "exists"
    assert build_release.delay("spring", "", reviewer.pk).get() == "refused"
    assert "release spring refused" in caplog.text
    assert Release.objects.get().created_by == reviewer
