"""Never lose work: history with diffs, revert, recover after delete, edit conflicts."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from casestudies.models import CaseStudy, Participation
from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    EditorFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)
from tests.helpers import change_form_data
from topics.models import Citation, Topic

pytestmark = pytest.mark.django_db


def _url(obj, view="change", *args):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}",
        args=[*([obj.pk] if view != "recover" else []), *args],
    )


def _edit(client, obj, **changes):
    url = _url(obj)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_each_admin_save_is_a_revision_with_its_author_and_a_readable_diff(
    editor_client, editor
):
    topic = TopicFactory(title="Defence attachés", body="Attachés report.")
    _edit(editor_client, topic, body="Attachés report on host forces.")
    _edit(editor_client, topic, body="Attachés report on host-nation forces.")
    versions = list(Version.objects.get_for_object(topic).order_by("pk"))
    assert len(versions) == 2
    assert {v.revision.user for v in versions} == {editor}

    response = editor_client.get(
        _url(topic, "compare"),
        {"version_id1": versions[0].pk, "version_id2": versions[1].pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Attachés report on host<ins>-nation</ins> forces." in page
    assert (
        "Changed Body." in page
    )  # the edit comment names only what the editor changed


def test_revert_restores_the_old_content(editor_client):
    topic = TopicFactory(title="Joint exercises", summary="First summary.", draft=True)
    _edit(editor_client, topic, summary="Good summary.", body="Good body.")
    _edit(editor_client, topic, summary="Vandalised.", body="Gone.")
    good = Version.objects.get_for_object(topic).order_by("pk").first()

    revert_url = reverse("admin:topics_topic_revision", args=[topic.pk, good.pk])
    form_page = editor_client.get(revert_url)
    assert form_page.status_code == 200
    assert Topic.objects.get(pk=topic.pk).summary == "Vandalised."  # GET saves nothing
    response = editor_client.post(revert_url, change_form_data(form_page))
    assert response.status_code == 302

    topic.refresh_from_db()
    assert (topic.summary, topic.body) == ("Good summary.", "Good body.")
    latest = Version.objects.get_for_object(topic).first()
    assert latest.revision.comment.startswith("Reverted to previous version")


def test_revert_brings_back_a_removed_citation(reviewer_client):
    topic = TopicFactory(draft=True)
    citation = CitationFactory(topic=topic, claim="Attachés are accredited.")
    _edit(reviewer_client, topic)
    with_citation = Version.objects.get_for_object(topic).first()
    data = change_form_data(reviewer_client.get(_url(topic)))
    data["citations-0-DELETE"] = "on"
    assert reviewer_client.post(_url(topic), data).status_code == 302
    assert not Citation.objects.filter(pk=citation.pk).exists()

    revert_url = reverse(
        "admin:topics_topic_revision", args=[topic.pk, with_citation.pk]
    )
    response = reviewer_client.post(
        revert_url, change_form_data(reviewer_client.get(revert_url))
    )
    assert response.status_code == 302
    assert topic.citations.get().claim == "Attachés are accredited."


def test_deleted_case_study_is_recovered_with_its_citations_and_participations(
    reviewer_client,
):
    source = SourceFactory()
    case = CaseStudyFactory(title="Dayton talks", draft=True)
    ParticipationFactory(case_study=case, role="mediator")
    CitationFactory(topic=None, case_study=case, source=source, claim="Talks ended.")
    case_id = case.pk

    response = reviewer_client.post(_url(case, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not CaseStudy.objects.filter(pk=case_id).exists()
    assert not Participation.objects.exists() and not Citation.objects.exists()

    recoverlist = reviewer_client.get(
        reverse("admin:casestudies_casestudy_recoverlist")
    )
    assert "Dayton talks" in recoverlist.content.decode()
    deleted = Version.objects.get_deleted(CaseStudy).get()
    recover_url = reverse("admin:casestudies_casestudy_recover", args=[deleted.pk])
    response = reviewer_client.post(
        recover_url, change_form_data(reviewer_client.get(recover_url))
    )
    assert response.status_code == 302

    case = CaseStudy.objects.get(pk=case_id)
    assert case.title == "Dayton talks"
    assert case.participations.get().role == "mediator"
    citation = case.citations.get()
    assert (citation.claim, citation.source) == ("Talks ended.", source)


def test_deleted_topic_is_recovered_with_its_citations(editor_client):
    topic = TopicFactory(title="Peacekeeping", draft=True)
    CitationFactory.create_batch(2, topic=topic)
    editor_client.post(_url(topic, "delete"), {"post": "yes"})
    assert not Topic.objects.exists()

    deleted = Version.objects.get_deleted(Topic).get()
    recover_url = reverse("admin:topics_topic_recover", args=[deleted.pk])
    editor_client.post(recover_url, change_form_data(editor_client.get(recover_url)))
    assert Topic.objects.get().citations.count() == 2


def test_bulk_deleted_topics_can_each_be_recovered(editor_client):
    topics = TopicFactory.create_batch(2, draft=True)
    editor_client.post(
        reverse("admin:topics_topic_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [t.pk for t in topics],
            "post": "yes",
        },
    )
    assert not Topic.objects.exists()
    assert Version.objects.get_deleted(Topic).count() == 2


def test_the_second_of_two_concurrent_saves_is_refused_with_what_changed(
    editor, reviewer
):
    topic = TopicFactory(
        title="Military attachés", summary="Original summary.", draft=True
    )
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(reviewer)
    first_data = change_form_data(first.get(_url(topic)))
    second_data = change_form_data(second.get(_url(topic)))

    first_data.update(title="Defence attachés", body="New body from the first.")
    assert first.post(_url(topic), first_data).status_code == 302

    second_data["summary"] = "Summary from the second."
    response = second.post(_url(topic), second_data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    text = " ".join(errors)
    assert f"Not saved: {editor} saved this topic" in text
    assert "Changed meanwhile: Title is now “Defence attachés”." in text
    assert "Changed meanwhile: Body is now “New body from the first.”." in text
    assert "Summary" not in text
    assert "Defence attachés" in response.content.decode()

    topic.refresh_from_db()
    assert (topic.title, topic.summary) == ("Defence attachés", "Original summary.")

    # Reloading gives a fresh stamp, and the second editor can then save.
    second_data = change_form_data(second.get(_url(topic)))
    second_data["summary"] = "Summary from the second."
    assert second.post(_url(topic), second_data).status_code == 302
    topic.refresh_from_db()
    assert (topic.title, topic.summary) == (
        "Defence attachés",
        "Summary from the second.",
    )


def test_a_conflict_on_a_case_study_is_detected_too(editor):
    case = CaseStudyFactory(outcome="success", draft=True)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(EditorFactory())
    first_data = change_form_data(first.get(_url(case)))
    second_data = change_form_data(second.get(_url(case)))
    first_data["outcome"] = "mixed"
    assert first.post(_url(case), first_data).status_code == 302
    response = second.post(_url(case), second_data)
    assert response.status_code == 200
    assert "Outcome is now “Mixed”" in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    assert CaseStudy.objects.get(pk=case.pk).outcome == "mixed"


def test_a_form_without_its_version_stamp_is_refused(editor_client):
    topic = TopicFactory()
    data = change_form_data(editor_client.get(_url(topic)))
    data["loaded_updated_at"] = "not a date"
    response = editor_client.post(_url(topic), data)
    assert response.status_code == 200
    assert "missing its version stamp" in response.content.decode()


def test_saving_an_item_deleted_meanwhile_does_not_recreate_it(editor_client):
    topic = TopicFactory()
    data = change_form_data(editor_client.get(_url(topic)))
    url = _url(topic)
    Topic.objects.filter(pk=topic.pk).delete()
    response = editor_client.post(url, data)
    assert response.status_code == 302  # the admin's "no longer exists" redirect
    assert not Topic.objects.exists()


def test_editor_cannot_delete_a_published_topic(editor_client):
    published, draft = TopicFactory(), TopicFactory(draft=True)
    assert (
        editor_client.post(_url(published, "delete"), {"post": "yes"}).status_code
        == 403
    )
    response = editor_client.post(
        reverse("admin:topics_topic_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [published.pk, draft.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert "only reviewers can delete published items" in response.content.decode()
    assert Topic.objects.count() == 2


def test_reviewer_deletes_a_published_topic(reviewer_client):
    topic = TopicFactory()
    reviewer_client.post(_url(topic, "delete"), {"post": "yes"})
    assert not Topic.objects.exists()


def _publish_then_unpublish(reviewer):
    from editorial import workflow

    topic = TopicFactory(draft=True, title="Attachés")
    with workflow.revision_by(reviewer, "Created"):
        topic.save()
    workflow.submit_for_review(user=reviewer, instance=topic)
    workflow.publish(user=reviewer, instance=topic)
    workflow.unpublish(user=reviewer, instance=topic)
    published = next(
        v
        for v in Version.objects.get_for_object(topic)
        if v.field_dict["status"] == "published"
    )
    return topic, published


def test_editor_cannot_republish_by_reverting_to_a_published_version(reviewer):
    topic, published = _publish_then_unpublish(reviewer)
    client = Client()
    client.force_login(EditorFactory())
    url = reverse("admin:topics_topic_revision", args=[topic.pk, published.pk])

    response = client.post(url, change_form_data(client.get(url)))

    assert response.status_code == 200
    assert "Only reviewers can publish" in response.content.decode()
    topic.refresh_from_db()
    assert topic.status == "draft"


def test_reviewer_may_revert_to_a_published_version(reviewer, reviewer_client):
    topic, published = _publish_then_unpublish(reviewer)
    url = reverse("admin:topics_topic_revision", args=[topic.pk, published.pk])

    response = reviewer_client.post(url, change_form_data(reviewer_client.get(url)))

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == "published"


def test_editor_recovers_a_deleted_published_topic_only_as_a_draft(reviewer_client):
    topic = TopicFactory(title="Gone")
    reviewer_client.post(_url(topic, "delete"), {"post": "yes"})
    deleted = Version.objects.get_deleted(Topic).get()
    recover_url = reverse("admin:topics_topic_recover", args=[deleted.pk])
    editor = Client()
    editor.force_login(EditorFactory())

    data = change_form_data(editor.get(recover_url))
    refused = editor.post(recover_url, data)
    assert refused.status_code == 200
    assert not Topic.objects.exists()

    data.update(status="draft", publish_at_0="", publish_at_1="")
    assert editor.post(recover_url, data).status_code == 302
    assert Topic.objects.get().status == "draft"


def test_a_citation_edited_elsewhere_makes_the_open_topic_form_stale(editor_client):
    topic = TopicFactory(title="Attachés", draft=True)
    citation = CitationFactory(topic=topic, claim="Original claim.")
    data = change_form_data(editor_client.get(_url(topic)))

    # Meanwhile someone edits the citation on its own (Citation admin or API).
    citation.claim = "A corrected claim."
    citation.save()

    response = editor_client.post(_url(topic), data)  # would restore the old claim
    assert response.status_code == 200
    assert "its citations or other related rows may have" in response.content.decode()
    citation.refresh_from_db()
    assert citation.claim == "A corrected claim."
