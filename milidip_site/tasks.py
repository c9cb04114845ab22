"""Project-wide tasks: a worker health check and the scheduled-publication hook."""

import logging

from milidip_site.logs import current_request_id
from milidip_site.task_queue import milidip_task

logger = logging.getLogger("milidip.tasks")


@milidip_task(name="milidip_site.ping")
def ping() -> dict:
    """Answer "pong" with the request id the task was queued from.

    ``celery -A milidip_site call milidip_site.ping`` checks that a worker
    takes tasks from the broker; the suite uses it to test a real worker.
    """
    return {"pong": True, "request_id": current_request_id.get()}


@milidip_task(name="milidip_site.publish_scheduled")
def publish_scheduled() -> int:
    """Apply the pending changes whose publish-at time has come (beat, every 5 min).

    Idempotent: a draft applied once is no longer due.
    """
    from editorial.workflow import publish_scheduled as apply_due_drafts

    return apply_due_drafts()
