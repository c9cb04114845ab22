"""How well a page's claims are sourced, for the notice at the top of the page."""

from enum import StrEnum

from .models import VerificationStatus


class Provenance(StrEnum):
    UNSOURCED = "unsourced"
    AI_ONLY = "ai_only"
    SOURCED = "sourced"


def assess(citations) -> Provenance:
    """AI_ONLY when every citation rests on an AI-generated source nobody verified."""
    citations = list(citations)
    if not citations:
        return Provenance.UNSOURCED
    if all(
        c.source.is_ai_generated and c.verification != VerificationStatus.VERIFIED
        for c in citations
    ):
        return Provenance.AI_ONLY
    return Provenance.SOURCED
