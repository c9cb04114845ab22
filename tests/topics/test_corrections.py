"""Disputed citations are published as corrections, with ClaimReview JSON-LD."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
)
from topics.choices import DisputeKind, Reliability, VerificationStatus

pytestmark = pytest.mark.django_db


def _dispute(target=None, *, kind=DisputeKind.INCORRECT, days_ago=1, **fields):
    """A disputed citation of an AI source, followed by its verified correction."""
    target = target or TopicFactory()
    on = (
        {"topic": target}
        if hasattr(target, "parent")
        else {
            "topic": None,
            "case_study": target,
        }
    )
    disputed = CitationFactory(
        **on,
        source=SourceFactory(
            title=f"AI article {target.slug}",
            reliability=Reliability.AI_GENERATED,
            authors="Doe, Jane",
        ),
        claim=fields.pop("claim", "The article dates attachés to the Renaissance."),
        quote=fields.pop(
            "quote", "This era also saw the emergence of military attachés"
        ),
        verification=VerificationStatus.DISPUTED,
        verification_note="Wrong chronology: attachés became regular in the 1800s.",
        dispute_kind=kind,
        position=1,
        **fields,
    )
    disputed.__class__.objects.filter(pk=disputed.pk).update(
        verified_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    authority = CitationFactory(
        **on,
        source=SourceFactory(
            title=f"Vagts {target.slug}", reliability=Reliability.SCHOLARLY
        ),
        claim="Correction: the attaché became a regular institution in the 19th century.",
        verification=VerificationStatus.VERIFIED,
        position=2,
    )
    disputed.refresh_from_db()
    return disputed, authority


def _json_ld(response) -> list:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    data = json.loads(match.group(1))
    return data if isinstance(data, list) else [data]


def _is_iso_date(value: str) -> bool:
    try:
        datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def assert_claim_review(review: dict) -> None:
    """The shape schema.org and search engines expect of a ClaimReview."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["url"].startswith("http") and "#correction-" in review["url"]
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    appearance = claim["appearance"]
    assert appearance["@type"] == "CreativeWork" and appearance["name"]
    if "author" in claim:
        authors = (
            claim["author"] if isinstance(claim["author"], list) else [claim["author"]]
        )
        assert all(
            a["@type"] in {"Person", "Organization"} and a["name"] for a in authors
        )
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] in {"Incorrect", "Misleading", "Imprecise"}
    assert all(
        isinstance(rating[k], int) for k in ("ratingValue", "bestRating", "worstRating")
    )
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    for party in ("author", "publisher"):
        assert review[party]["@type"] == "Organization"
        assert review[party]["name"] == "Milidip"
    assert _is_iso_date(review["datePublished"]) and _is_iso_date(
        review["dateModified"]
    )


def test_a_topic_page_publishes_its_correction(client):
    disputed, authority = _dispute()
    response = client.get(disputed.topic.get_absolute_url())
    html = response.content.decode()
    section = html[html.index('id="corrections-heading"') :]
    assert f'id="correction-{disputed.pk}"' in section
    assert "This era also saw the emergence of military attachés" in section
    assert "Wrong chronology: attachés became regular in the 1800s." in section
    assert authority.source.title in section and authority.claim in section
    assert "Incorrect" in section


def test_the_page_carries_a_valid_claim_review(client):
    disputed, authority = _dispute(kind=DisputeKind.MISLEADING)
    url = disputed.topic.get_absolute_url()
    data = _json_ld(client.get(url))
    assert data[0]["@type"] == "Article"
    [review] = [d for d in data if d["@type"] == "ClaimReview"]
    assert_claim_review(review)
    assert review["url"] == f"http://testserver{url}#correction-{disputed.pk}"
    assert review["claimReviewed"] == disputed.quote
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Doe, Jane"}
    assert review["itemReviewed"]["appearance"]["name"] == disputed.source.title
    assert review["citation"]["name"] == authority.source.title
    assert review["datePublished"] == disputed.verified_at.date().isoformat()


def test_a_case_study_page_publishes_its_correction(client):
    disputed, _ = _dispute(CaseStudyFactory())
    response = client.get(disputed.case_study.get_absolute_url())
    assert f'id="correction-{disputed.pk}"' in response.content.decode()
    assert any(d["@type"] == "ClaimReview" for d in _json_ld(response))


def test_a_page_without_disputes_has_no_corrections(client):
    citation = CitationFactory(verification=VerificationStatus.VERIFIED)
    response = client.get(citation.topic.get_absolute_url())
    assert 'id="corrections-heading"' not in response.content.decode()
    assert [d["@type"] for d in _json_ld(response)] == ["Article"]


def test_a_correction_without_an_authority_still_shows_what_is_right(client):
    disputed, authority = _dispute()
    authority.delete()
    html = client.get(disputed.topic.get_absolute_url()).content.decode()
    section = html[html.index('id="corrections-heading"') :]
    assert "Wrong chronology" in section and "On the authority of" not in section


def test_the_corrections_page_lists_newest_first_and_no_drafts(client):
    older, _ = _dispute(days_ago=5)
    newer, _ = _dispute(CaseStudyFactory(), days_ago=1)
    hidden, _ = _dispute(TopicFactory(draft=True))
    html = client.get(reverse("topics:corrections")).content.decode()
    assert html.index(f'id="correction-{newer.pk}"') < html.index(
        f'id="correction-{older.pk}"'
    )
    assert f'id="correction-{hidden.pk}"' not in html
    assert hidden.topic.title not in html


def test_the_corrections_page_is_paginated(client):
    for _ in range(21):
        _dispute()
    first = client.get(reverse("topics:corrections")).content.decode()
    second = client.get(reverse("topics:corrections") + "?page=2").content.decode()
    assert first.count('class="correction"') == 20
    assert second.count('class="correction"') == 1
    assert client.get(reverse("topics:corrections") + "?page=9").status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_the_corrections_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
):
    for n in range(rows):
        _dispute(CaseStudyFactory() if n % 2 else None)
    with django_assert_num_queries(3):  # count, page, authorities
        response = client.get(reverse("topics:corrections"))
    assert response.content.decode().count('class="correction"') == rows


def test_the_corrections_feed(client):
    shown, _ = _dispute()
    hidden, _ = _dispute(TopicFactory(draft=True))
    response = client.get(reverse("topics:corrections-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert f"#correction-{shown.pk}" in body
    assert f"#correction-{hidden.pk}" not in body
    assert "Wrong chronology" in body


def test_the_footer_and_the_methodology_link_the_corrections(client):
    corrections = reverse("topics:corrections")
    assert f'href="{corrections}"' in client.get("/").content.decode()
    assert f'href="{corrections}"' in client.get("/methodology/").content.decode()


def test_a_new_dispute_is_incorrect_unless_said_otherwise():
    citation = CitationFactory()
    assert citation.dispute_kind == DisputeKind.INCORRECT
