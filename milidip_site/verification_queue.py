"""What the verification queue and the admin index report about provenance."""

from django.db.models import Count, Q

from casestudies.models import CaseStudy
from topics.models import Citation, Topic, VerificationStatus

QUEUE_ROWS = 50


def provenance_counts() -> dict:
    """Counts for the admin index: one query per model, whatever the row counts."""
    citations = Citation.objects.aggregate(
        unverified=Count("pk", filter=Q(verification=VerificationStatus.UNVERIFIED)),
        disputed=Count("pk", filter=Q(verification=VerificationStatus.DISPUTED)),
    )
    return {
        "citations": citations,
        "topics": Topic.objects.provenance_counts(),
        "case_studies": CaseStudy.objects.provenance_counts(),
    }


def verification_queue() -> dict:
    """The first rows of each problem list, each loaded in a single query."""
    queue = {
        "unverified_citations": Citation.objects.unverified()
        .select_related("source", "topic", "case_study")
        .order_by("created_at", "pk")[:QUEUE_ROWS],
        "disputed_citations": Citation.objects.disputed()
        .select_related("source", "topic", "case_study", "verified_by")
        .order_by("-verified_at", "pk")[:QUEUE_ROWS],
    }
    for key, model in [("topics", Topic), ("case_studies", CaseStudy)]:
        rows = model.objects.only("pk", "title", "status", "review_by")
        queue[key] = {
            "backed_only_by_ai": rows.backed_only_by_ai()[:QUEUE_ROWS],
            "without_citations": rows.without_citations()[:QUEUE_ROWS],
            "past_review_by": rows.past_review_by().order_by("review_by")[:QUEUE_ROWS],
        }
    return queue
