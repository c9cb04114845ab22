"""A real Celery worker on a Redis broker runs a task queued by a request.

The broker is CELERY_TEST_BROKER_URL, or Redis database 6 on this machine; the
test is skipped, saying why, when that Redis does not answer. The worker runs
in a subprocess (solo pool) on a queue of its own, and is stopped at the end.
"""

import contextlib
import logging
import os
import subprocess
import tempfile
import time
import uuid

import pytest
from django.http import JsonResponse
from django.urls import path

from milidip_site.celery import app
from milidip_site.task_queue import enqueue
from milidip_site.tasks import ping
from milidip_site.urls import urlpatterns as site_urlpatterns
from tests.ops.servers import BIN, CLOSED_PORT, ROOT, site_env

pytestmark = pytest.mark.slow

BROKER = os.environ.get("CELERY_TEST_BROKER_URL") or "redis://127.0.0.1:6379/6"


def queue_ping(request):
    return JsonResponse({"task_id": enqueue(ping)})


urlpatterns = [path("_ops/queue-ping/", queue_ping), *site_urlpatterns]


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def broker(capsys):
    if not _redis_answers(BROKER):
        pytest.skip(f"Redis does not answer at {BROKER} (set CELERY_TEST_BROKER_URL)")
    with capsys.disabled():
        print(f"\n[celery worker test] broker and result backend: {BROKER}")
    queue = f"milidip-test-{uuid.uuid4().hex[:12]}"
    with _using_broker(BROKER, queue):
        try:
            yield queue
        finally:
            _remove_queue(queue)


@contextlib.contextmanager
def _using_broker(url: str, queue: str):
    """The app sends tasks to `url` (no longer eagerly) until the block ends."""
    keys = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=url,
        result_backend=url,
        task_default_queue=queue,
    )
    _forget_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections()


def _remove_queue(queue: str) -> None:
    """Leave nothing of this run's queue in the shared Redis database."""
    import redis

    client = redis.Redis.from_url(BROKER, socket_connect_timeout=2)
    try:
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
    finally:
        client.close()


def _forget_connections():
    # The app keeps its producer pool and result backend once made; drop them
    # so that they are made again from the configuration just changed.
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's registry would hand the closed pool out again
    if hasattr(app._local, "backend"):
        del app._local.backend


@pytest.fixture
def worker(broker):
    log = tempfile.NamedTemporaryFile("w+", suffix=".log")  # noqa: SIM115
    database = tempfile.NamedTemporaryFile(suffix=".sqlite3")  # noqa: SIM115
    env = site_env(
        DJANGO_SETTINGS_MODULE="milidip_site.settings",
        CELERY_BROKER_URL=BROKER,
        DATABASE_URL=f"sqlite:///{database.name}",
    )
    process = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "milidip_site",
            "worker",
            "--pool",
            "solo",
            "--queues",
            broker,
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        database.close()


@pytest.mark.urls(__name__)
def test_a_worker_runs_a_task_queued_by_a_request(
    db, client, worker, django_capture_on_commit_callbacks
):
    process, log = worker
    request_id = f"celery-test-{uuid.uuid4().hex[:8]}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/_ops/queue-ping/", HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 200
    assert response["X-Request-ID"] == request_id
    task_id = response.json()["task_id"]

    result = app.AsyncResult(task_id)
    try:
        value = result.get(timeout=60)
    except Exception:
        log.seek(0)
        pytest.fail(f"the worker did not run the task; its log:\n{log.read()}")
    assert value == {"pong": True, "request_id": request_id}
    result.forget()
    assert process.poll() is None  # still running: the test stops it

    deadline = time.monotonic() + 10
    while True:
        log.seek(0)
        output = log.read()
        if "task ended: milidip_site.ping" in output or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    started = [
        line
        for line in output.splitlines()
        if "task started: milidip_site.ping" in line
    ]
    assert len(started) == 1 and f"request_id={request_id}" in started[0], output
    assert f"id={task_id} outcome=success" in output


@pytest.mark.urls(__name__)
def test_a_broker_that_is_down_costs_the_request_seconds_not_an_error(
    db, client, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.ERROR, logger="milidip.tasks")
    with _using_broker(f"redis://127.0.0.1:{CLOSED_PORT}/0", "milidip-nowhere"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/_ops/queue-ping/")
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    task_id = response.json()["task_id"]
    [record] = [
        r for r in caplog.records if r.getMessage().startswith("could not queue")
    ]
    assert task_id in record.getMessage()
    assert elapsed < 5  # two quick attempts, not the default twenty
