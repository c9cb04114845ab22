"""Release version numbers: the year and a running number, ``2026.1``, ``2026.1.1``.

Calendar versions say at a glance how recent a release is; the third part is for
a release that only corrects the one before. Versions never repeat.
"""

import re

from django.core.exceptions import ValidationError

VERSION_PATTERN = r"^\d{4}\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?$"
VERSION = re.compile(VERSION_PATTERN)
VERSION_HELP = (
    "The year, a dot and a running number, e.g. 2026.1; a third part for a "
    "corrective release, e.g. 2026.1.1."
)


def validate_version(value: str) -> None:
    if not VERSION.fullmatch(value or ""):
        raise ValidationError(
            f"“{value}” is not a release version. {VERSION_HELP}", code="invalid"
        )


def version_key(value: str) -> tuple[int, ...]:
    """Versions in their natural order: 2026.2 before 2026.10."""
    return tuple(int(part) for part in value.split("."))
