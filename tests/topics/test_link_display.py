"""What readers and reviewers see of the link checker's findings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CitationFactory, SourceFactory
from topics.choices import LinkStatus
from topics.models import Source

pytestmark = pytest.mark.django_db

CHECKED = timezone.make_aware(datetime.datetime(2026, 11, 30, 4, 0))


def _checked(source, status, **fields):
    Source.objects.filter(pk=source.pk).update(
        link_status=status, link_checked_at=CHECKED, **fields
    )
    source.refresh_from_db()
    return source


def _order(html, *needles):
    return [html.index(needle) for needle in needles]


def test_source_page_says_when_the_link_was_checked(client):
    source = _checked(SourceFactory(url="https://treaties.example/nato"), LinkStatus.OK)
    html = client.get(source.get_absolute_url()).content.decode()
    assert 'Link checked on <time datetime="2026-11-30">30 November 2026</time>' in html


def test_a_broken_link_puts_the_archived_copy_first(client):
    source = _checked(
        SourceFactory(
            url="https://gone.example/page",
            archived_url="https://web.archive.example/2020/gone",
        ),
        LinkStatus.BROKEN,
        link_status_code=404,
    )
    citation = CitationFactory(source=source)
    html = client.get(source.get_absolute_url()).content.decode()
    archived, live = _order(
        html, "https://web.archive.example/2020/gone", "https://gone.example/page"
    )
    assert archived < live
    assert "(broken link)" in html and "Broken when checked on" in html

    page = client.get(citation.topic.get_absolute_url()).content.decode()
    entry = page[page.index('class="citation-links"') :]
    assert entry.index("Archived copy") < entry.index("Original address")
    assert "Broken when checked on" in entry


def test_a_working_link_comes_before_its_archived_copy(client):
    source = _checked(
        SourceFactory(
            url="https://live.example/page",
            archived_url="https://web.archive.example/2020/live",
        ),
        LinkStatus.OK,
    )
    citation = CitationFactory(source=source)
    page = client.get(citation.topic.get_absolute_url()).content.decode()
    entry = page[page.index('class="citation-links"') :]
    assert entry.index(">Online<") < entry.index("Archived copy")
    assert "Link checked on" in entry


def test_an_unchecked_link_claims_no_check(client):
    source = SourceFactory(url="https://live.example/page")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "checked on" not in html


def test_the_verification_queue_lists_broken_and_moved_links(reviewer_client):
    broken = _checked(
        SourceFactory(title="Gone treaty", url="https://gone.example/"),
        LinkStatus.BROKEN,
        link_status_code=404,
        link_detail="HTTP 404",
    )
    moved = _checked(
        SourceFactory(title="Moved report", url="https://old.example/"),
        LinkStatus.REDIRECTED,
        link_status_code=200,
        link_final_url="https://new.example/",
    )
    fine = _checked(
        SourceFactory(title="Fine page", url="https://ok.example/"), LinkStatus.OK
    )
    html = reviewer_client.get("/admin/verification-queue/").content.decode()
    section = html[html.index('id="source-links"') :]
    section = section[: section.index("</div>")]
    assert broken.title in section and "HTTP 404" in section
    assert moved.title in section and "now at https://new.example/" in section
    assert fine.title not in section
    assert section.index(broken.title) < section.index(moved.title)


def test_the_source_admin_shows_the_check_read_only_and_filters_by_it(reviewer_client):
    broken = _checked(
        SourceFactory(title="Gone", url="https://gone.example/"), LinkStatus.BROKEN
    )
    _checked(SourceFactory(title="Fine", url="https://ok.example/"), LinkStatus.OK)
    change = reviewer_client.get(
        reverse("admin:topics_source_change", args=[broken.pk])
    )
    assert change.status_code == 200
    form_fields = change.context["adminform"].form.fields
    assert "link_status" not in form_fields  # shown, never edited
    assert "Link check" in change.content.decode()
    listing = reviewer_client.get(
        reverse("admin:topics_source_changelist") + "?link_status__exact=broken"
    )
    titles = [source.title for source in listing.context["cl"].result_list]
    assert titles == ["Gone"]


def test_a_reviewer_chooses_the_dispute_kind(reviewer_client):
    citation = CitationFactory()
    reviewer_client.post(
        reverse("admin:topics_citation_changelist"),
        {
            "action": "mark_disputed",
            "_selected_action": [citation.pk],
            "apply": "1",
            "note": "Overstated.",
            "kind": "misleading",
        },
    )
    citation.refresh_from_db()
    assert (citation.verification, citation.dispute_kind) == ("disputed", "misleading")
