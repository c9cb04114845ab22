"""What the verification queue and the admin index report about provenance.

It covers every model a citation can back (topics and, through the citation's
lazy reference, case studies), so this module never imports casestudies.
"""

from django.db.models import Count, Q

from .choices import LinkStatus
from .models import Citation, Source, VerificationStatus

QUEUE_ROWS = 50


def cited_models() -> dict[str, type]:
    """The models citations back, keyed by their plural name in the queue."""
    targets = [
        Citation._meta.get_field(name).related_model for name in ("topic", "case_study")
    ]
    return {
        str(model._meta.verbose_name_plural).replace(" ", "_"): model
        for model in targets
    }


def provenance_counts() -> dict:
    """Counts for the admin index: one query per model, whatever the row counts."""
    citations = Citation.objects.aggregate(
        unverified=Count("pk", filter=Q(verification=VerificationStatus.UNVERIFIED)),
        disputed=Count("pk", filter=Q(verification=VerificationStatus.DISPUTED)),
    )
    return {
        "citations": citations,
        **{
            key: model.objects.provenance_counts()
            for key, model in cited_models().items()
        },
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
    queue["source_links"] = source_link_problems()
    for key, model in cited_models().items():
        rows = model.objects.only("pk", "title", "status", "review_by")
        queue[key] = {
            "backed_only_by_ai": rows.backed_only_by_ai()[:QUEUE_ROWS],
            "without_citations": rows.without_citations()[:QUEUE_ROWS],
            "past_review_by": rows.past_review_by().order_by("review_by")[:QUEUE_ROWS],
        }
    return queue


def source_link_problems():
    """Sources whose link the checker found broken or moved, broken first."""
    return (
        Source.objects.filter(
            link_status__in=[LinkStatus.BROKEN, LinkStatus.REDIRECTED]
        )
        .only(
            "pk",
            "title",
            "url",
            "archived_url",
            "link_status",
            "link_status_code",
            "link_detail",
            "link_final_url",
            "link_checked_at",
        )
        .order_by("link_status", "title")[:QUEUE_ROWS]
    )
