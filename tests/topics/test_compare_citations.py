"""The history's compare view shows what happened to the citations, and wraps."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from reversion.models import Version

from tests.factories import CaseStudyFactory, CitationFactory, SourceFactory
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db


def _save(client, url, **changes):
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_compare_lists_added_removed_and_changed_citations(reviewer_client):
    treaty = SourceFactory(title="Dayton Agreement")
    case = CaseStudyFactory(title="Dayton", body="Long " * 200, draft=True)
    kept = CitationFactory(
        topic=None, case_study=case, source=treaty, claim="Talks ended in 1995."
    )
    CitationFactory(topic=None, case_study=case, claim="Gone soon.")
    url = reverse("admin:casestudies_casestudy_change", args=[case.pk])
    _save(reviewer_client, url)
    prefix = "citations"
    data = change_form_data(reviewer_client.get(url))
    rows = {str(data[f"{prefix}-{i}-id"]): i for i in range(2)}
    first, second = rows[str(kept.pk)], 1 - rows[str(kept.pk)]
    _save(
        reviewer_client,
        url,
        **{
            f"{prefix}-{first}-claim": "Talks ended on 21 November 1995.",
            f"{prefix}-{first}-verification": "verified",
            f"{prefix}-{second}-DELETE": "on",
            f"{prefix}-TOTAL_FORMS": "3",
            f"{prefix}-2-source": str(SourceFactory(title="UN report").pk),
            f"{prefix}-2-claim": "IFOR deployed.",
            f"{prefix}-2-position": "0",
            f"{prefix}-2-verification": "unverified",
        },
    )
    older, newer = Version.objects.get_for_object(case).order_by("pk")
    page = reviewer_client.get(
        reverse("admin:casestudies_casestudy_compare", args=[case.pk]),
        {"version_id1": newer.pk, "version_id2": older.pk},
    ).content.decode()
    section = page.split('id="citation-changes"')[1]
    assert "Changed: Talks ended on 21 November 1995." in section
    assert "<del>Talks ended in 1995.</del>" in section
    assert "<ins>Talks ended on 21 November 1995.</ins>" in section
    assert "<del>Unverified</del>" in section and "<ins>Verified</ins>" in section
    assert "Removed: Gone soon." in section
    assert "Added: IFOR deployed." in section and "UN report" in section
    assert "Dayton Agreement" not in section  # the source did not change


def test_compare_without_citation_changes_says_so(reviewer_client):
    case = CaseStudyFactory()
    CitationFactory(topic=None, case_study=case)
    url = reverse("admin:casestudies_casestudy_change", args=[case.pk])
    _save(reviewer_client, url)
    _save(reviewer_client, url, summary="A new summary.")
    older, newer = Version.objects.get_for_object(case).order_by("pk")
    page = reviewer_client.get(
        reverse("admin:casestudies_casestudy_compare", args=[case.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    ).content.decode()
    assert "No citation was added, removed or changed." in page


def test_compare_with_bad_version_ids_is_a_404(reviewer_client):
    case = CaseStudyFactory()
    url = reverse("admin:casestudies_casestudy_compare", args=[case.pk])
    assert reviewer_client.get(url, {"version_id1": "x"}).status_code == 404
    assert (
        reviewer_client.get(url, {"version_id1": 98, "version_id2": 99}).status_code
        == 404
    )


def test_the_compare_page_wraps_long_text(reviewer_client):
    with open(finders.find("css/admin.css"), encoding="utf-8") as file:
        css = file.read()
    block = css.split("History compare")[1]
    assert "pre.highlight" in block and "pre-wrap" in block
    case = CaseStudyFactory()
    url = reverse("admin:casestudies_casestudy_change", args=[case.pk])
    _save(reviewer_client, url)
    _save(reviewer_client, url, summary="Changed.")
    older, newer = Version.objects.get_for_object(case).order_by("pk")
    page = reviewer_client.get(
        reverse("admin:casestudies_casestudy_compare", args=[case.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    ).content.decode()
    assert "css/admin.css" in page
