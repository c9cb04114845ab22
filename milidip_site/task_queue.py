"""How Milidip runs work in the background: the task base class and `enqueue`.

Conventions for every task (declare them with ``@milidip_task(name=…)``):

- **Idempotent.** A worker acknowledges a task only when it has finished, so a
  task cut short by a crash or a deploy runs again; a retry runs it again too.
  Pass ids, not objects; re-read the state from the database; write with
  conditional updates (``filter(…).update(…)``, ``update_or_create``) so that a
  second run changes nothing that the first one finished.
- **Transient errors are retried** (network and database operational errors),
  with exponential backoff and jitter, at most ``max_retries`` times; any other
  error fails the task at once and is logged with its traceback.
- **Bounded in time**: a soft limit raises ``SoftTimeLimitExceeded`` in the task
  (tidy up and stop), the hard limit kills it.
- **Logged**: start, end and outcome (success, retry, failure) with the task id,
  its duration and the ``request_id`` of the request that queued it, which every
  log record written by the task carries too.

Queue from a view or a service with ``enqueue(task, *args)``: the task is sent
only once the surrounding transaction commits (so the worker sees the rows it
was queued for), and a broker that is down never breaks the request: the
failure is logged instead. With no broker configured, tasks run eagerly in the
same process, and a failing task is logged, not raised into the request.
"""

import logging
import time

import requests
from celery import Task, shared_task
from celery.exceptions import Retry
from celery.signals import before_task_publish
from celery.utils import uuid
from django.db import InterfaceError, OperationalError, transaction

from milidip_site.logs import current_request_id

logger = logging.getLogger("milidip.tasks")

# The message header that carries the id of the request that queued a task.
REQUEST_ID_HEADER = "milidip_request_id"

TRANSIENT_ERRORS = (
    ConnectionError,
    TimeoutError,
    OperationalError,
    InterfaceError,
    requests.ConnectionError,
    requests.Timeout,
)


class MilidipTask(Task):
    """Retries transient errors with backoff, bounds run time, logs each run."""

    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5  # seconds before the first retry, doubled each time
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5
    soft_time_limit = 10 * 60
    time_limit = 11 * 60
    acks_late = True

    def queued_by(self) -> str:
        """The request id of whoever queued this run ("-" for beat or a shell)."""
        value = getattr(self.request, REQUEST_ID_HEADER, None) or (
            self.request.headers or {}
        ).get(REQUEST_ID_HEADER)
        return str(value) if value else current_request_id.get()

    def __call__(self, *args, **kwargs):
        token = current_request_id.set(self.queued_by())
        started = time.monotonic()
        task_id = self.request.id or "-"
        logger.info("task started: %s id=%s", self.name, task_id)
        outcome = "failure"
        try:
            result = super().__call__(*args, **kwargs)
            outcome = "success"
            return result
        except Retry:
            outcome = "retry"
            raise
        except Exception:
            logger.exception("task failed: %s id=%s", self.name, task_id)
            raise
        finally:
            duration_ms = (time.monotonic() - started) * 1000
            logger.info(
                "task ended: %s id=%s outcome=%s duration_ms=%.1f",
                self.name,
                task_id,
                outcome,
                duration_ms,
            )
            current_request_id.reset(token)


def milidip_task(*, name: str, **options):
    """Declare a task with the project's conventions (see the module docstring)."""
    return shared_task(name=name, base=MilidipTask, **options)


@before_task_publish.connect
def _carry_request_id(headers=None, **kwargs) -> None:
    # However a task is queued (enqueue, .delay, beat), it carries the id of
    # the request being served, if any.
    if headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, current_request_id.get())


def enqueue(task, *args, **kwargs) -> str:
    """Queue `task` once the current transaction commits; return its task id.

    Never raises: a broker that is unreachable (or, in eager mode, a task that
    fails) is logged, and the request that queued it carries on.
    """
    task_id = uuid()
    request_id = current_request_id.get()

    def send() -> None:
        try:
            task.apply_async(
                args, kwargs, task_id=task_id, headers={REQUEST_ID_HEADER: request_id}
            )
        except Exception:
            logger.exception("could not queue task %s id=%s", task.name, task_id)

    transaction.on_commit(send, robust=True)
    return task_id
