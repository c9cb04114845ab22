"""Project-wide tasks: a worker health check and the scheduled-publication hook."""

import importlib
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


# The editorial code that publishes drafts whose scheduled time has come, if
# this installation has it: `apply_due_scheduled_drafts()` in this module.
SCHEDULED_DRAFTS_MODULE = "editorial.scheduled_drafts"
SCHEDULED_DRAFTS_FUNCTION = "apply_due_scheduled_drafts"


@milidip_task(name="milidip_site.publish_scheduled")
def publish_scheduled():
    """Run the editorial hook that applies due scheduled drafts (beat, every 5 min).

    Idempotent as long as the hook is: a draft applied once is no longer due.
    """
    try:
        module = importlib.import_module(SCHEDULED_DRAFTS_MODULE)
    except ModuleNotFoundError as error:
        if error.name != SCHEDULED_DRAFTS_MODULE:
            raise
        logger.info(
            "no scheduled drafts to apply: %s is absent", SCHEDULED_DRAFTS_MODULE
        )
        return None
    return getattr(module, SCHEDULED_DRAFTS_FUNCTION)()
