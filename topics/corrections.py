"""Published corrections: a disputed citation, what is right, and on whose authority.

A disputed citation records what its source claimed (`claim`, `quote`) and
what is right (`verification_note`); the authority is the verified citation of
a non-AI source that follows it on the same page (curators cite the correction
right after the error). Each correction is also a schema.org ClaimReview.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce

from .choices import DisputeKind, Reliability, VerificationStatus
from .models import Citation

# ClaimReview ratings: 1 (worst) to 5; the words carry the meaning.
RATING_VALUES = {
    DisputeKind.INCORRECT: 1,
    DisputeKind.MISLEADING: 2,
    DisputeKind.IMPRECISE: 3,
}
BEST_RATING, WORST_RATING = 5, 1


@dataclass(frozen=True)
class Correction:
    disputed: Citation
    authority: Citation | None

    @property
    def pk(self) -> int:
        return self.disputed.pk

    @property
    def anchor(self) -> str:
        return f"correction-{self.disputed.pk}"

    @property
    def date(self):
        return self.disputed.verified_at or self.disputed.updated_at


def _is_authority(citation: Citation) -> bool:
    return (
        citation.verification == VerificationStatus.VERIFIED
        and citation.source.reliability != Reliability.AI_GENERATED
    )


def _order(citation: Citation):
    return (citation.position, citation.pk)


def corrections_among(citations) -> list[Correction]:
    """The corrections of one page, from its citations (already loaded, in order)."""
    ordered = sorted(citations, key=_order)
    found = []
    for index, citation in enumerate(ordered):
        if citation.verification != VerificationStatus.DISPUTED:
            continue
        authority = next((c for c in ordered[index + 1 :] if _is_authority(c)), None)
        found.append(Correction(citation, authority))
    return found


def published_corrections():
    """Disputed citations on pages the public may see, newest correction first."""
    return (
        Citation.objects.public()
        .disputed()
        .select_related("source", "topic", "case_study")
        .annotate(corrected_at=Coalesce("verified_at", "updated_at"))
        .order_by("-corrected_at", "-pk")
    )


def with_authorities(disputed: list[Citation]) -> list[Correction]:
    """Corrections for a page of disputed citations: one query for their authorities."""
    if not disputed:
        return []
    topics = {c.topic_id for c in disputed if c.topic_id}
    case_studies = {c.case_study_id for c in disputed if c.case_study_id}
    candidates = (
        Citation.objects.filter(
            Q(topic__in=topics) | Q(case_study__in=case_studies),
            verification=VerificationStatus.VERIFIED,
        )
        .exclude(source__reliability=Reliability.AI_GENERATED)
        .select_related("source")
    )
    by_target: dict[tuple, list[Citation]] = {}
    for citation in candidates:
        key = (citation.topic_id, citation.case_study_id)
        by_target.setdefault(key, []).append(citation)
    corrections = []
    for citation in disputed:
        following = sorted(
            (
                c
                for c in by_target.get((citation.topic_id, citation.case_study_id), [])
                if _order(c) > _order(citation)
            ),
            key=_order,
        )
        corrections.append(Correction(citation, following[0] if following else None))
    return corrections


def _claim_author(source) -> dict | list | None:
    authors = [name.strip() for name in source.authors.split(";") if name.strip()]
    if authors:
        people = [{"@type": "Person", "name": name} for name in authors]
        return people[0] if len(people) == 1 else people
    if source.publisher:
        return {"@type": "Organization", "name": source.publisher}
    return None


def _reviewer(site_url: str) -> dict:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": site_url}


def claim_review(correction: Correction, *, url: str, site_url: str) -> dict:
    """The correction as a schema.org ClaimReview (https://schema.org/ClaimReview).

    `url` is the address of the correction (the page and its anchor), `site_url`
    the site's root, naming the reviewing organisation.
    """
    disputed = correction.disputed
    source = disputed.source
    kind = DisputeKind(disputed.dispute_kind or DisputeKind.INCORRECT)
    appearance = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        appearance["url"] = source.url
    if source.year is not None and source.year > 0:
        appearance["datePublished"] = str(source.year)
    claim = {"@type": "Claim", "appearance": appearance}
    author = _claim_author(source)
    if author:
        claim["author"] = author
        appearance["author"] = author
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": disputed.quote or disputed.claim,
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[kind],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": kind.label,
        },
        "reviewBody": disputed.verification_note,
        "author": _reviewer(site_url),
        "publisher": _reviewer(site_url),
        "datePublished": correction.date.date().isoformat(),
        "dateModified": disputed.updated_at.isoformat(),
        "inLanguage": "en",
    }
    if correction.authority is not None:
        authority = correction.authority.source
        cited = {"@type": "CreativeWork", "name": authority.title}
        if authority.url:
            cited["url"] = authority.url
        review["citation"] = cited
    return review
