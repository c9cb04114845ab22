"""Who may verify or dispute a citation, and how that decision is recorded."""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .choices import VerificationStatus


def may_verify(user) -> bool:
    """Whether `user` may mark citations verified or disputed (the Reviewers)."""
    return bool(
        user is not None and user.is_active and user.has_perm("topics.verify_citation")
    )


def stamp_verification(citation, user, previous_status: str | None) -> None:
    """Record who verified or disputed a citation, and when, when its status changes."""
    if citation.verification == previous_status:
        return
    if citation.verification == VerificationStatus.UNVERIFIED:
        citation.verified_by, citation.verified_at = None, None
    else:
        citation.verified_by, citation.verified_at = user, timezone.now()


# The group whose members may verify; readers see the role, never the user name.
REVIEWERS_GROUP = "Reviewers"


def with_verifier_role(citations):
    """Annotate `verifier_is_reviewer`: was the verifying user a Reviewer?"""
    reviewers = Group.objects.filter(name=REVIEWERS_GROUP, user=OuterRef("verified_by"))
    return citations.annotate(verifier_is_reviewer=Exists(reviewers))


def verifier_role(citation) -> str:
    """How a page names who verified or disputed a citation: its role, not its name."""
    is_reviewer = getattr(citation, "verifier_is_reviewer", None)
    if is_reviewer is None and citation.verified_by is not None:
        is_reviewer = citation.verified_by.groups.filter(name=REVIEWERS_GROUP).exists()
    return "a reviewer" if is_reviewer else "an editor"
