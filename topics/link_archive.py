"""An archived copy for a source that has none, from an archive's availability API.

``MILIDIP_ARCHIVE_AVAILABILITY_URL`` names the endpoint (empty: off), e.g. the
Internet Archive's ``https://archive.org/wayback/available``: it is asked
``?url=<the source's URL>`` and answers ``{"archived_snapshots": {"closest":
{"available": true, "url": …}}}``. Only an address the archive returns is
stored, never one made up, and never over an editor's.
"""

import logging
from urllib.parse import urlsplit

import requests
from django.conf import settings

from .models import Source

logger = logging.getLogger("milidip.links")


def find_snapshot(url: str, checker) -> str:
    """The archive's closest snapshot of `url`, or "" (none, off, or no answer).

    Asked through the link checker's session, timeouts and per-host pacing.
    """
    endpoint = settings.MILIDIP_ARCHIVE_AVAILABILITY_URL
    if not endpoint:
        return ""
    checker.pacer.wait((urlsplit(endpoint).hostname or "").lower())
    try:
        response = checker.session.get(
            endpoint, params={"url": url}, timeout=checker.timeout
        )
        response.raise_for_status()
        closest = (response.json().get("archived_snapshots") or {}).get("closest")
    except (requests.RequestException, ValueError, AttributeError) as error:
        logger.warning("archive lookup failed for %s: %s", url, type(error).__name__)
        return ""
    if not isinstance(closest, dict) or closest.get("available") is not True:
        return ""
    snapshot = closest.get("url")
    if (
        not isinstance(snapshot, str)
        or not snapshot.startswith(("https://", "http://"))
        or len(snapshot) > 500
    ):
        return ""
    return snapshot


def record_snapshot(source_id: int, snapshot: str) -> bool:
    """Store the snapshot where the source still has no archived copy."""
    return bool(
        Source.objects.filter(pk=source_id, archived_url="").update(
            archived_url=snapshot
        )
    )
