"""The provenance rule: how well an item's claims are sourced.

A citation stands on its own when its source is not AI-generated, or when a
reviewer has verified the claim anyway. An item whose citations all fail that
test is "backed only by AI"; an item with no citation is "unsourced". The SQL
form (for lists, counts and the verification queue) and the Python form (for
an item whose citations are already loaded, and for one citation) are written
side by side here and nowhere else.
"""

from enum import StrEnum

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from .choices import Reliability, VerificationStatus

# A citation that stands on its own, as a filter on citations.
STANDS_ON_ITS_OWN = ~Q(source__reliability=Reliability.AI_GENERATED) | Q(
    verification=VerificationStatus.VERIFIED
)


def rests_only_on_ai(citation) -> bool:
    """True when the citation's source is AI-generated and nobody verified the claim."""
    return (
        citation.source.reliability == Reliability.AI_GENERATED
        and citation.verification != VerificationStatus.VERIFIED
    )


class Provenance(StrEnum):
    UNSOURCED = "unsourced"
    AI_ONLY = "ai_only"
    SOURCED = "sourced"


def assess(citations) -> Provenance:
    """The provenance of an item from its (loaded) citations."""
    citations = list(citations)
    if not citations:
        return Provenance.UNSOURCED
    if all(rests_only_on_ai(c) for c in citations):
        return Provenance.AI_ONLY
    return Provenance.SOURCED


class ProvenanceQuerySetMixin:
    """Provenance filters for a model with `citations` (and `review_by`)."""

    def _citations(self):
        """Citations of the outer row, for Exists() subqueries."""
        relation = self.model._meta.get_field("citations")
        return relation.related_model.objects.filter(
            **{relation.field.name: OuterRef("pk")}
        )

    def _provenance_conditions(self) -> dict[str, Q]:
        citations = self._citations()
        return {
            "without_citations": ~Q(Exists(citations)),
            "backed_only_by_ai": Q(Exists(citations))
            & ~Q(Exists(citations.filter(STANDS_ON_ITS_OWN))),
            "past_review_by": Q(review_by__lt=timezone.localdate()),
        }

    def without_citations(self):
        """Rows that cite no source at all."""
        return self.filter(self._provenance_conditions()["without_citations"])

    def backed_only_by_ai(self):
        """Rows whose every citation rests on an AI-generated, unverified source."""
        return self.filter(self._provenance_conditions()["backed_only_by_ai"])

    def past_review_by(self):
        """Stale rows: their review-by date has passed."""
        return self.filter(self._provenance_conditions()["past_review_by"])

    def with_provenance(self):
        """Annotate `provenance_unsourced` and `provenance_ai_only` for list rows."""
        conditions = self._provenance_conditions()
        return self.annotate(
            provenance_unsourced=ExpressionWrapper(
                conditions["without_citations"], output_field=BooleanField()
            ),
            provenance_ai_only=ExpressionWrapper(
                conditions["backed_only_by_ai"], output_field=BooleanField()
            ),
        )

    def provenance_counts(self) -> dict[str, int]:
        """How many rows each provenance problem affects, in a single query."""
        return self.aggregate(
            **{
                name: Count("pk", filter=condition)
                for name, condition in self._provenance_conditions().items()
            }
        )
