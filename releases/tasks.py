"""Building a release in the background: it reads every public row."""

import logging

from django.contrib.auth import get_user_model

from milidip_site.task_queue import milidip_task

from .build import ReleaseRefused, make_release
from .models import Release

logger = logging.getLogger("milidip.releases")


@milidip_task(name="releases.build_release")
def build_release(version: str, notes: str = "", user_id: int | None = None) -> str:
    """Make release `version`; idempotent (a version made already is left alone)."""
    if Release.objects.filter(version=version).exists():
        return "exists"
    user = get_user_model().objects.filter(pk=user_id).first()
    try:
        make_release(version, notes=notes, user=user)
    except ReleaseRefused as refusal:
        logger.warning("release %s refused: %s", version, refusal)
        return "refused"
    return "made"
