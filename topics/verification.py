"""Who may verify or dispute a citation, and how that decision is recorded."""

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
