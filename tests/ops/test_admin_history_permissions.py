"""Every history page reversion adds to an admin needs a permission on the object."""

import pytest
import reversion
from django.contrib import admin
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from editorial.history import HistoryPermissionMixin
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Unpublished draft text nobody outside the team may read"


def _two_versions(obj, field, value):
    """Save `obj` twice inside revisions; returns the two version ids."""
    setattr(obj, field, "X")  # shares no text with `value`: the diff shows it whole
    with reversion.create_revision():
        obj.save()
    setattr(obj, field, value)
    with reversion.create_revision():
        obj.save()
    return list(
        Version.objects.get_for_object(obj).order_by("pk").values_list("pk", flat=True)
    )


def _deleted_version(obj):
    with reversion.create_revision():
        obj.save()
    pk = obj.pk
    obj.delete()
    return Version.objects.get_deleted(type(obj)).get(object_id=str(pk)).pk


CASES = {
    "topic": lambda: TopicFactory(draft=True),
    "case study": lambda: CaseStudyFactory(draft=True),
    "source": SourceFactory,
    "actor": ActorFactory,
    "citation": lambda: CitationFactory(topic=TopicFactory(draft=True)),
}
TEXT_FIELD = {
    "topic": "body",
    "case study": "body",
    "source": "note",
    "actor": "name",
    "citation": "claim",
}


def _history_urls(name):
    obj = CASES[name]()
    v1, v2 = _two_versions(obj, TEXT_FIELD[name], SECRET)
    gone = _deleted_version(CASES[name]())
    opts = obj._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    return {
        "history": reverse(f"{prefix}_history", args=[obj.pk]),
        "compare": reverse(f"{prefix}_compare", args=[obj.pk])
        + f"?version_id1={v1}&version_id2={v2}",
        "revision": reverse(f"{prefix}_revision", args=[obj.pk, v1]),
        "recover list": reverse(f"{prefix}_recoverlist"),
        "recover": reverse(f"{prefix}_recover", args=[gone]),
    }


@pytest.mark.parametrize("name", CASES)
def test_a_staff_member_without_permissions_gets_403_on_every_history_page(
    client, name
):
    client.force_login(UserFactory(is_staff=True))
    for page, url in _history_urls(name).items():
        response = client.get(url)
        assert response.status_code == 403, (page, url, response.status_code)
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize("name", CASES)
def test_an_editor_reaches_every_history_page(editor_client, name):
    urls = _history_urls(name)
    for page, url in urls.items():
        response = editor_client.get(url)
        assert response.status_code == 200, (page, url, response.status_code)
    assert SECRET in editor_client.get(urls["compare"]).content.decode()


def test_the_compare_page_of_a_draft_is_refused_to_a_staff_member_without_permissions(
    client,
):
    topic = TopicFactory(draft=True)
    v1, v2 = _two_versions(topic, "body", SECRET)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(
        reverse("admin:topics_topic_compare", args=[topic.pk]),
        {"version_id1": v1, "version_id2": v2},
    )
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_a_view_only_user_sees_the_history_list_but_not_version_contents(client):
    from django.contrib.auth.models import Permission

    topic = TopicFactory(draft=True)
    v1, v2 = _two_versions(topic, "body", SECRET)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_topic"))
    client.force_login(viewer)
    assert (
        client.get(reverse("admin:topics_topic_history", args=[topic.pk])).status_code
        == 200
    )
    compare = client.get(
        reverse("admin:topics_topic_compare", args=[topic.pk]),
        {"version_id1": v1, "version_id2": v2},
    )
    assert compare.status_code == 403


def test_recover_refuses_a_version_of_another_model(editor_client):
    gone = _deleted_version(TopicFactory(draft=True))
    response = editor_client.get(reverse("admin:topics_source_recover", args=[gone]))
    assert response.status_code == 404


def test_an_editor_gets_404_for_the_history_of_a_missing_object(editor_client):
    response = editor_client.get(reverse("admin:topics_topic_history", args=[999999]))
    assert response.status_code == 404


def test_every_versioned_admin_checks_object_permissions():
    versioned = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, VersionAdmin)
    ]
    assert len(versioned) >= 5
    for model_admin in versioned:
        assert isinstance(model_admin, HistoryPermissionMixin), model_admin
