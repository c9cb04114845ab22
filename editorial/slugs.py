"""Slugs that addresses already use for something else."""

from django.core.exceptions import ValidationError

# /api/v1/<list>/export/ is the list's download, so no item may be called that.
RESERVED_SLUGS = frozenset({"export"})


def check_slug_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {
                "slug": f"“{slug}” is reserved for the site's own addresses; choose another."
            }
        )
