"""Slugs: made from titles, and those that addresses already use for something else."""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify

# /api/v1/<list>/export/ is the list's download, so no item may be called that.
RESERVED_SLUGS = frozenset({"export"})

# Hyphens, dashes (en, em, figure, horizontal bar), the minus sign and slashes
# separate words: "(2004–ongoing)" becomes "2004-ongoing", not "2004ongoing".
# static/js/admin-slugs.js does the same before the admin's URLify.
WORD_SEPARATORS = re.compile(r"[\u2010-\u2015\u2212/\\]")


def slug_from_title(title: str, max_length: int = 200) -> str:
    """The slug the admin proposes for `title`: ASCII, lower case, words hyphenated."""
    slug = slugify(WORD_SEPARATORS.sub("-", title or ""))
    return slug[:max_length].rstrip("-")


def check_slug_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {
                "slug": f"“{slug}” is reserved for the site's own addresses; choose another."
            }
        )
