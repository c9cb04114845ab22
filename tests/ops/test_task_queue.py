"""The task conventions: after-commit queuing, request ids, retries, logs, safety."""

import logging

import pytest
from django.core.management import call_command
from django.db import connection
from kombu.exceptions import OperationalError as BrokerError

from milidip_site.celery import app
from milidip_site.logs import current_request_id
from milidip_site.task_queue import REQUEST_ID_HEADER, enqueue, milidip_task
from milidip_site.tasks import ping, publish_scheduled
from tests.ops.servers import settings_json

calls = []


@milidip_task(name="tests.record_call")
def record_call(value):
    calls.append((value, current_request_id.get()))
    return value


@milidip_task(name="tests.always_fails")
def always_fails():
    raise ValueError("this task is broken")


@milidip_task(name="tests.flaky", retry_backoff=False)
def flaky(failures):
    calls.append("try")
    if len(calls) <= failures:
        raise ConnectionError("the network blinked")
    return len(calls)


@pytest.fixture(autouse=True)
def _fresh_calls():
    calls.clear()
    token = current_request_id.set("req-123")
    yield
    current_request_id.reset(token)


def test_the_suite_runs_tasks_eagerly():
    assert app.conf.task_always_eager is True


def test_enqueue_waits_for_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        task_id = enqueue(record_call, "x")
    assert calls == []  # not before the transaction commits
    assert len(callbacks) == 1 and task_id
    callbacks[0]()
    assert calls == [("x", "req-123")]


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_runs_at_once():
    assert connection.get_autocommit()
    enqueue(record_call, "now")
    assert calls == [("now", "req-123")]


def test_a_failing_task_is_logged_not_raised(
    db, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger="milidip.tasks")
    with django_capture_on_commit_callbacks(execute=True):
        task_id = enqueue(always_fails)
    failed = [r for r in caplog.records if r.getMessage().startswith("task failed")]
    assert len(failed) == 1 and task_id in failed[0].getMessage()
    assert failed[0].exc_info[0] is ValueError
    assert failed[0].request_id == "req-123"
    ended = [r.getMessage() for r in caplog.records if "task ended" in r.getMessage()]
    assert "outcome=failure" in ended[0]


def test_a_broker_that_is_down_is_logged_not_raised(
    db, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(record_call, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        task_id = enqueue(record_call, "lost")
    assert calls == []
    [record] = [
        r for r in caplog.records if r.getMessage().startswith("could not queue")
    ]
    assert task_id in record.getMessage() and record.request_id == "req-123"


def test_each_run_logs_start_and_end_with_the_request_id(caplog):
    caplog.set_level(logging.INFO, logger="milidip.tasks")
    result = record_call.delay("logged")
    messages = [
        (r.getMessage(), r.request_id)
        for r in caplog.records
        if r.name == "milidip.tasks"
    ]
    assert messages[0] == (f"task started: tests.record_call id={result.id}", "req-123")
    assert messages[-1][0].startswith(
        f"task ended: tests.record_call id={result.id} outcome=success duration_ms="
    )


def test_the_request_id_travels_in_the_message_header():
    token = current_request_id.set("-")  # as in a worker, outside any request
    try:
        result = ping.apply(headers={REQUEST_ID_HEADER: "from-the-view"})
    finally:
        current_request_id.reset(token)
    assert result.get() == {"pong": True, "request_id": "from-the-view"}
    assert current_request_id.get() == "req-123"  # restored after the run


def test_every_published_message_carries_the_request_id():
    from milidip_site.task_queue import _carry_request_id

    headers = {}
    _carry_request_id(headers=headers)
    assert headers == {REQUEST_ID_HEADER: "req-123"}


def test_transient_errors_are_retried_then_succeed():
    assert flaky.delay(2).get() == 3
    assert calls == ["try", "try", "try"]


def test_retries_stop_at_max_retries():
    result = flaky.apply(args=(100,))
    assert result.failed()
    assert calls.count("try") == flaky.max_retries + 1


def test_the_conventions_are_on_every_project_task():
    app.loader.import_default_modules()  # what a worker does: autodiscovery
    names = [
        "milidip_site.ping",
        "milidip_site.publish_scheduled",
        "topics.check_links",
        "search.rebuild_index",
    ]
    for name in names:
        task = app.tasks[name]
        assert task.max_retries and task.retry_backoff and task.acks_late
        assert task.soft_time_limit < task.time_limit
        assert ConnectionError in task.autoretry_for


def test_beat_schedule_names_registered_tasks(settings):
    app.loader.import_default_modules()
    entries = settings.CELERY_BEAT_SCHEDULE
    assert entries["check-source-links"]["schedule"] == 24 * 3600
    for entry in entries.values():
        assert entry["task"] in app.tasks


def test_publish_scheduled_applies_due_drafts(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "editorial.workflow.publish_scheduled", lambda: calls.append(1) or 3
    )
    assert publish_scheduled.delay().get() == 3
    assert calls == [1]


def test_rebuild_search_index_can_be_queued(
    db, capsys, django_capture_on_commit_callbacks
):
    from search.models import SearchDocument
    from tests.factories import SourceFactory

    SourceFactory(title="Vienna Convention")
    SearchDocument.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_search_index", "--queue")
    assert "queued (task " in capsys.readouterr().out
    assert SearchDocument.objects.count() == 1


def test_a_retried_run_logs_retry_not_failure(caplog):
    caplog.set_level(logging.INFO, logger="milidip.tasks")
    flaky.delay(1)
    outcomes = sorted(
        r.getMessage().split("outcome=")[1].split()[0]
        for r in caplog.records
        if r.getMessage().startswith("task ended")
    )
    assert outcomes == ["retry", "success"]
    assert not [r for r in caplog.records if r.getMessage().startswith("task failed")]


@pytest.mark.slow
def test_the_broker_comes_from_the_environment():
    names = ["CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"]
    assert settings_json(names) == {
        "CELERY_BROKER_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": True,
    }
    assert settings_json(names, REDIS_URL="redis://127.0.0.1:6379/6") == {
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/6",
        "CELERY_TASK_ALWAYS_EAGER": False,
    }
    assert (
        settings_json(names, REDIS_URL="redis://h/1", CELERY_BROKER_URL="redis://h/2")[
            "CELERY_BROKER_URL"
        ]
        == "redis://h/2"
    )
