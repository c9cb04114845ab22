"""Nothing reaches readers unreviewed: a published item's edits wait as pending changes."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from casestudies.models import CaseStudy, Participation
from editorial import workflow
from editorial.models import DraftStatus, PendingDraft, PublicationStatus
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)
from tests.helpers import change_form_data
from topics.models import Citation, Topic

pytestmark = pytest.mark.django_db

OLD, NEW = "Oldwording", "Freshwording"


def _admin(obj, view="change", *args):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args]
    )


def _add_citation(data, source, claim):
    """Fill one more citation form, as the admin's "Add another" does."""
    total = int(data["citations-TOTAL_FORMS"])
    data["citations-TOTAL_FORMS"] = str(total + 1)
    data.update(
        {
            f"citations-{total}-source": str(source.pk),
            f"citations-{total}-claim": claim,
            f"citations-{total}-locator": "Section 2",
            f"citations-{total}-position": "5",
            f"citations-{total}-quote": "",
        }
    )


def _item(kind):
    """A published item with one citation (and, for a case, one participant)."""
    if kind == "topic":
        item = TopicFactory(
            title=f"{OLD} title", summary=f"{OLD} summary.", body=f"{OLD} body."
        )
        CitationFactory(topic=item, claim=f"{OLD} claim.")
    else:
        item = CaseStudyFactory(
            title=f"{OLD} title", summary=f"{OLD} summary.", body=f"{OLD} body."
        )
        ParticipationFactory(case_study=item, role="lead")
        CitationFactory(topic=None, case_study=item, claim=f"{OLD} claim.")
    return item


def _public_paths(item):
    kind = "topics" if isinstance(item, Topic) else "casestudies"
    api = "topic" if isinstance(item, Topic) else "casestudy"
    feed = "/feeds/topics/" if isinstance(item, Topic) else "/feeds/case-studies/"
    html = [
        item.get_absolute_url(),
        reverse(f"{kind}:list"),
        f"/search/?q={OLD}",
        f"/search/?q={NEW}",
        "/",
    ]
    exact = [
        feed,
        "/sitemap.xml",
        reverse(f"api:{api}-list") + "?expand=citations",
        reverse(f"api:{api}-detail", kwargs={"slug": item.slug}),
        reverse(f"api:{api}-export"),
        reverse(f"{kind}:cite", kwargs={"slug": item.slug, "format": "bibtex"}),
        reverse(f"{kind}:cite", kwargs={"slug": item.slug, "format": "csl-json"}),
    ]
    return html, exact


def _read(client, paths):
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


@pytest.mark.parametrize("kind", ["topic", "casestudy"])
def test_the_whole_life_of_an_edit_to_a_published_item(kind, editor, reviewer):
    item = _item(kind)
    model = type(item)
    cited = item.citations.get()
    html_paths, exact_paths = _public_paths(item)
    new_source = SourceFactory(title="A new source")  # sources are public anyway
    reader = Client()
    before = _read(reader, exact_paths)
    assert OLD in reader.get(item.get_absolute_url()).content.decode()

    # An editor edits the text, a citation and (for a case) a participant, and adds a citation.
    editor_client = Client()
    editor_client.force_login(editor)
    data = change_form_data(editor_client.get(_admin(item)))
    data.update(title=f"{NEW} title", summary=f"{NEW} summary.", body=f"{NEW} body.")
    data["citations-0-claim"] = f"{NEW} claim."
    _add_citation(data, new_source, f"{NEW} added claim.")
    if kind == "casestudy":
        data["participations-0-role"] = "mediator"
    response = editor_client.post(_admin(item), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    # Readers see the published version on every public path, byte for byte.
    assert _read(reader, exact_paths) == before
    for path, page in _read(reader, html_paths).items():
        assert f"{NEW} summary" not in page and f"{NEW} title" not in page, path
    assert OLD in reader.get(item.get_absolute_url()).content.decode()
    link = f'href="{item.get_absolute_url()}"'
    assert link in reader.get(f"/search/?q={OLD}").content.decode()
    assert link not in reader.get(f"/search/?q={NEW}").content.decode()
    live = model.objects.get(pk=item.pk)
    assert (live.title, live.status) == (f"{OLD} title", PublicationStatus.PUBLISHED)
    assert list(live.citations.values_list("claim", flat=True)) == [f"{OLD} claim."]

    # Staff see the changes in the admin, the preview and ?version=draft.
    form_page = editor_client.get(_admin(item)).content.decode()
    assert f"{NEW} summary." in form_page and f"{NEW} added claim." in form_page
    assert "Readers see the published version" in form_page
    preview = editor_client.get(
        reverse(f"preview:{model._meta.model_name}", kwargs={"slug": item.slug})
    ).content.decode()
    assert f"{NEW} body." in preview and f"{NEW} added claim." in preview
    api = "topic" if kind == "topic" else "casestudy"
    detail = reverse(f"api:{api}-detail", kwargs={"slug": item.slug})
    staff_api = Client()
    staff_api.force_login(editor)
    draft = staff_api.get(detail, {"version": "draft"}).json()
    assert draft["title"] == f"{NEW} title"
    assert sorted(c["claim"] for c in draft["citations"]) == [
        f"{NEW} added claim.",
        f"{NEW} claim.",
    ]
    if kind == "casestudy":
        assert [p["role"] for p in draft["participants"]] == ["mediator"]
    assert staff_api.get(detail).json()["title"] == f"{OLD} title"  # live by default

    # The editor submits the changes; the reviewer publishes them.
    data = change_form_data(editor_client.get(_admin(item)))
    data["_workflow"] = "submit_for_review"
    assert editor_client.post(_admin(item), data).status_code == 302
    assert PendingDraft.objects.for_object(item).status == DraftStatus.IN_REVIEW
    assert reader.get(item.get_absolute_url()).content.decode().count(NEW) == 0

    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    data = change_form_data(reviewer_client.get(_admin(item)))
    assert data["summary"] == f"{NEW} summary."
    data["_workflow"] = "publish"
    checklist = reviewer_client.post(_admin(item), data)["Location"]
    assert checklist.endswith("/workflow/publish/")  # unverified citations
    page = reviewer_client.get(checklist).content.decode()
    assert "citations are unverified" in page
    confirmed = {"checklist_seen": "1", "confirm": "on"}
    assert reviewer_client.post(checklist, confirmed).status_code == 302

    # Live everywhere; edited citations keep their ids; nothing is pending.
    assert PendingDraft.objects.count() == 0
    for path in [*html_paths[:2], *exact_paths[:1], detail]:
        assert NEW in reader.get(path).content.decode(), path
    assert link in reader.get(f"/search/?q={NEW}").content.decode()
    assert link not in reader.get(f"/search/?q={OLD}").content.decode()
    live = model.objects.get(pk=item.pk)
    assert (live.title, live.status) == (f"{NEW} title", PublicationStatus.PUBLISHED)
    assert Citation.objects.get(pk=cited.pk).claim == f"{NEW} claim."
    assert live.citations.count() == 2
    if kind == "casestudy":
        assert list(live.participations.values_list("role", flat=True)) == ["mediator"]

    # Each step is in the workflow history and the revisions.
    notes = [t.note for t in workflow.transitions_for(item).order_by("at", "pk")]
    assert notes[0] == "Changes saved as a draft"
    assert "Changes submitted for review" in notes
    assert notes[-1].startswith("Published despite:")
    versions = Version.objects.get_for_object(item).order_by("pk")
    titles = [(v.revision.user, v.field_dict["title"]) for v in versions]
    assert (editor, f"{NEW} title") in titles
    assert versions.last().revision.comment == "Published changes"
    assert versions.last().revision.user == reviewer


def test_a_second_edit_builds_on_the_pending_changes(editor_client):
    topic = TopicFactory(summary="Published.", body="Published body.")
    kept = CitationFactory(topic=topic, claim="Kept.")
    dropped = CitationFactory(topic=topic, claim="Dropped.")
    data = change_form_data(editor_client.get(_admin(topic)))
    data["summary"] = "First edit."
    index = 0 if str(data["citations-0-id"]) == str(dropped.pk) else 1
    data[f"citations-{index}-DELETE"] = "on"
    _add_citation(data, SourceFactory(), "Added.")
    assert editor_client.post(_admin(topic), data).status_code == 302

    page = editor_client.get(_admin(topic))
    data = change_form_data(page)
    assert data["summary"] == "First edit."
    assert str(data["citations-INITIAL_FORMS"]) == "1"  # the dropped one is not shown
    assert data["citations-1-claim"] == "Added."
    data["body"] = "Second edit."
    assert editor_client.post(_admin(topic), data).status_code == 302

    changes = PendingDraft.objects.for_object(topic)
    assert changes.version == 2
    assert changes.data["fields"]["summary"] == "First edit."
    assert changes.data["fields"]["body"] == "Second edit."
    claims = [(c["pk"], c["claim"]) for c in changes.data["children"]["citations"]]
    assert claims == [(kept.pk, "Kept."), (None, "Added.")]
    assert Citation.objects.filter(pk=dropped.pk).exists()  # live until published


def test_two_editors_saving_changes_from_the_same_page_do_not_overwrite(
    editor, reviewer
):
    topic = TopicFactory(summary="Published.")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(reviewer)
    first_data = change_form_data(first.get(_admin(topic)))
    second_data = change_form_data(second.get(_admin(topic)))
    first_data["summary"] = "From the first."
    assert first.post(_admin(topic), first_data).status_code == 302
    second_data["body"] = "From the second."
    response = second.post(_admin(topic), second_data)
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    changes = PendingDraft.objects.for_object(topic)
    assert changes.data["fields"]["summary"] == "From the first."


# No lost work: each button saves what was typed, then takes its step.

BUTTONS = [
    # (state, user, button, expected status, typed text saved live?, redirect ends with)
    ("draft", "editor", "_save", "draft", True, "/change/"),
    ("draft", "editor", "submit_for_review", "in_review", True, "/change/"),
    ("in_review", "reviewer", "return_to_draft", "in_review", True, "return_to_draft/"),
    ("in_review", "reviewer", "publish", "published", True, "/change/"),
    ("draft", "reviewer", "schedule", "draft", True, "/workflow/schedule/"),
    ("published", "editor", "_save", "published", False, "/change/"),
    ("published", "editor", "submit_for_review", "published", False, "/change/"),
    ("published", "reviewer", "publish", "published", True, "/change/"),
    ("published", "reviewer", "schedule", "published", False, "/workflow/schedule/"),
    ("published", "reviewer", "unpublish", "draft", False, "/change/"),
]


@pytest.mark.parametrize(
    ("state", "who", "button", "status", "live", "redirect"), BUTTONS
)
def test_typed_changes_and_a_button_are_saved_changes(
    request, state, who, button, status, live, redirect
):
    topic = TopicFactory(
        summary="Before.", **({} if state == "published" else {state: True})
    )
    verified = CitationFactory(topic=topic, verification="verified")
    client = request.getfixturevalue(f"{who}_client")
    data = change_form_data(client.get(_admin(topic)))
    data["summary"] = "Typed."
    if button == "_save":
        data["_save"] = "Save draft"
    else:
        data["_workflow"] = button
    response = client.post(_admin(topic), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"].endswith(redirect) or redirect == "/change/"
    topic.refresh_from_db()
    assert topic.status == status
    changes = PendingDraft.objects.for_object(topic)
    if live:
        assert topic.summary == "Typed."
        assert changes is None
    else:
        assert topic.summary == "Before."
        assert changes.data["fields"]["summary"] == "Typed."
    assert Citation.objects.get(pk=verified.pk).topic_id == topic.pk


def test_save_and_publish_with_open_problems_saves_first_then_asks(reviewer_client):
    topic = TopicFactory(summary="Before.", draft=True)  # cites nothing
    data = change_form_data(reviewer_client.get(_admin(topic)))
    data.update(summary="Typed.", _workflow="publish")
    response = reviewer_client.post(_admin(topic), data)
    assert response["Location"].endswith("/workflow/publish/")
    topic.refresh_from_db()
    assert (topic.summary, topic.status) == ("Typed.", "draft")
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "It cites no source at all." in page


def test_a_schedule_applies_the_pending_changes_only_when_due(reviewer_client):
    topic = TopicFactory(summary="Published.")
    data = change_form_data(reviewer_client.get(_admin(topic)))
    data.update(summary="Scheduled change.", _workflow="schedule")
    step = reviewer_client.post(_admin(topic), data)["Location"]
    when = timezone.localtime() + timedelta(hours=2)
    response = reviewer_client.post(
        step,
        {
            "publish_at": when.strftime("%Y-%m-%dT%H:%M"),
            "checklist_seen": "1",
            "confirm": "on",  # it cites nothing
        },
    )
    assert response.status_code == 302
    changes = PendingDraft.objects.for_object(topic)
    assert changes.publish_at is not None

    assert workflow.publish_scheduled() == 0
    topic.refresh_from_db()
    assert topic.summary == "Published."  # the live version stays meanwhile
    assert Client().get(topic.get_absolute_url()).status_code == 200

    call_command("publish_scheduled", stdout=StringIO())
    assert Topic.objects.get(pk=topic.pk).summary == "Published."
    assert workflow.publish_scheduled(now=timezone.now() + timedelta(hours=3)) == 1
    topic.refresh_from_db()
    assert (topic.summary, topic.status) == ("Scheduled change.", "published")
    assert not PendingDraft.objects.exists()
    assert workflow.transitions_for(topic).first().note == "Scheduled changes published"


def test_unpublishing_keeps_the_pending_changes(reviewer, editor_client):
    topic = TopicFactory(summary="Published.")
    data = change_form_data(editor_client.get(_admin(topic)))
    data["summary"] = "Pending."
    editor_client.post(_admin(topic), data)
    workflow.unpublish(user=reviewer, instance=topic)
    assert PendingDraft.objects.for_object(topic) is not None
    # The form of the (now unpublished) item shows them; saving makes them the item.
    data = change_form_data(editor_client.get(_admin(topic)))
    assert data["summary"] == "Pending."
    assert editor_client.post(_admin(topic), data).status_code == 302
    topic.refresh_from_db()
    assert topic.summary == "Pending."
    assert not PendingDraft.objects.exists()


def test_reverting_a_published_item_saves_the_old_version_as_pending_changes(
    editor_client, reviewer
):
    topic = TopicFactory(summary="Good.", draft=True)
    citation = CitationFactory(topic=topic, claim="Good claim.")
    with workflow.revision_by(reviewer, "Created"):
        topic.save()
    good = Version.objects.get_for_object(topic).get()
    workflow.publish(user=reviewer, instance=topic)
    with workflow.revision_by(reviewer, "Vandalised"):
        Topic.objects.filter(pk=topic.pk).update(summary="Vandalised.")
        citation.claim = "Vandalised claim."
        citation.save()

    url = reverse("admin:topics_topic_revision", args=[topic.pk, good.pk])
    response = editor_client.post(url, change_form_data(editor_client.get(url)))
    assert response.status_code == 302

    topic.refresh_from_db()
    assert (topic.summary, topic.status) == ("Vandalised.", "published")
    assert Citation.objects.get(pk=citation.pk).claim == "Vandalised claim."
    changes = PendingDraft.objects.for_object(topic)
    assert changes.data["fields"]["summary"] == "Good."
    reverted = changes.data["children"]["citations"][0]
    assert (reverted["pk"], reverted["claim"]) == (citation.pk, "Good claim.")
    latest = Version.objects.get_for_object(topic).first()
    assert latest.revision.comment.endswith("as a draft of changes")
    assert latest.field_dict["summary"] == "Good."


def test_importing_an_article_again_leaves_published_topics_alone():
    article = sorted((Path(settings.BASE_DIR) / "fixtures" / "seeds").glob("*.txt"))[0]
    call_command("import_article", str(article), stdout=StringIO())
    Topic.objects.update(
        status="published", publish_at=timezone.now(), summary="Curated."
    )
    before = list(Topic.objects.values_list("pk", "summary", "body", "updated_at"))
    call_command("import_article", str(article), stdout=StringIO())
    after = list(Topic.objects.values_list("pk", "summary", "body", "updated_at"))
    assert after == before
    assert not PendingDraft.objects.exists()


def test_a_plain_staff_member_cannot_see_or_change_pending_changes(editor_client):
    topic = TopicFactory()
    data = change_form_data(editor_client.get(_admin(topic)))
    data["summary"] = "Pending."
    editor_client.post(_admin(topic), data)
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    assert staff.get(_admin(topic)).status_code == 403
    preview = reverse("preview:topic", kwargs={"slug": topic.slug})
    assert "Pending." not in staff.get(preview).content.decode()
    assert staff.get(preview).status_code in (302, 403)


def test_public_list_queries_do_not_depend_on_pending_changes(client, editor_client):
    topics = TopicFactory.create_batch(3)
    cases = CaseStudyFactory.create_batch(3, topics=topics)
    for case in cases:
        ParticipationFactory(case_study=case, actor=ActorFactory())

    def counts():
        result = []
        for path in ["/topics/", "/case-studies/", "/api/v1/case-studies/"]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for item in [*topics, *cases]:
        data = change_form_data(editor_client.get(_admin(item)))
        data["summary"] = "Pending."
        assert editor_client.post(_admin(item), data).status_code == 302
    assert PendingDraft.objects.count() == 6
    assert counts() == before


def test_a_pending_change_to_a_case_study_keeps_participant_ids(
    reviewer, editor_client
):
    case = CaseStudyFactory()
    first = ParticipationFactory(case_study=case, role="lead")
    second = ParticipationFactory(case_study=case, role="partner")
    data = change_form_data(editor_client.get(_admin(case)))
    index = 0 if str(data["participations-0-id"]) == str(first.pk) else 1
    data[f"participations-{index}-note"] = "Led the talks."
    response = editor_client.post(_admin(case), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changes = PendingDraft.objects.for_object(case).data["children"]
    assert {p["pk"]: p["note"] for p in changes["participations"]} == {
        first.pk: "Led the talks.",
        second.pk: "",
    }
    workflow.publish(user=reviewer, instance=CaseStudy.objects.get(pk=case.pk))
    assert Participation.objects.get(pk=first.pk).note == "Led the talks."
    assert Participation.objects.filter(pk=second.pk).exists()


def test_the_change_list_shows_and_filters_published_items_with_changes(
    editor_client, reviewer
):
    plain, changed, submitted = TopicFactory.create_batch(3)
    for topic in (changed, submitted):
        data = change_form_data(editor_client.get(_admin(topic)))
        data["summary"] = "Pending."
        editor_client.post(_admin(topic), data)
    workflow.submit_for_review(user=reviewer, instance=submitted)
    changelist = reverse("admin:topics_topic_changelist")

    page = editor_client.get(changelist).content.decode()
    assert page.count("Published, with unpublished changes") == 2  # row + filter
    assert page.count("Published, with changes in review") == 2

    rows = editor_client.get(changelist, {"state": "pending_changes"})
    assert set(rows.context["cl"].result_list) == {changed, submitted}
    rows = editor_client.get(changelist, {"state": "changes_in_review"})
    assert list(rows.context["cl"].result_list) == [submitted]


def test_submitted_changes_are_in_the_reviewers_inbox(editor_client, reviewer_client):
    topic = TopicFactory(title="Attachés")
    data = change_form_data(editor_client.get(_admin(topic)))
    data.update(summary="Pending.", _workflow="submit_for_review")
    assert editor_client.post(_admin(topic), data).status_code == 302
    page = reviewer_client.get(reverse("admin:index")).content.decode()
    awaiting = page.split('id="inbox-awaiting-review"')[1].split("</ul>")[0]
    assert "Attachés" in awaiting and "changes to the published version" in awaiting
