"""Database down: pages and API answer 503 with Retry-After, never a 500 or a hang."""

import contextlib
import logging
import os
import time
from unittest import mock

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

from milidip_site.middleware import database as database_middleware
from tests.factories import TopicFactory
from tests.ops.servers import (
    CLOSED_PORT,
    PROXY_PORT,
    TcpProxy,
    gunicorn,
    http_get,
    site_env,
)


@contextlib.contextmanager
def database_down(message="server closed the connection unexpectedly"):
    """Every query fails as the driver fails when the server has gone away."""

    def fail(self, *args, **kwargs):
        with self.db.wrap_database_errors:
            raise self.db.Database.OperationalError(message)

    with (
        mock.patch.object(CursorWrapper, "_execute", fail),
        mock.patch.object(CursorWrapper, "_executemany", fail),
    ):
        yield


REQUEST_ID = {"HTTP_X_REQUEST_ID": "req-1234abcd"}  # honoured by RequestLogMiddleware


@pytest.fixture(autouse=True)
def _fresh_outage_log():
    database_middleware.outage_log.reset()


@pytest.fixture
def quiet_client():
    """A client that gets the response Django sends, as a browser would."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_page_answers_503_with_retry_after_and_a_static_page(quiet_client):
    TopicFactory(status="published")
    with database_down():
        response = quiet_client.get("/topics/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    assert b"Temporarily unavailable" in response.content


@pytest.mark.django_db
def test_the_503_page_shows_the_request_id(quiet_client, settings):
    with database_down():
        response = quiet_client.get("/case-studies/", **REQUEST_ID)
    assert response.status_code == 503
    assert b"req-1234abcd" in response.content


@pytest.mark.django_db
def test_the_api_answers_503_problem_json(quiet_client):
    with database_down():
        response = quiet_client.get("/api/v1/topics/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body["status"] == 503
    assert body["title"] == "Service Unavailable"
    assert body["type"] == "about:blank"
    assert "database is unavailable" in body["detail"]


@pytest.mark.django_db
def test_an_authenticated_api_request_answers_503(quiet_client, editor):
    # Token authentication itself queries: the error comes from DRF's auth step.
    from tests.ops.servers import create_api_token

    token = create_api_token(editor)
    with database_down():
        response = quiet_client.get(
            "/api/v1/sources/", HTTP_AUTHORIZATION=f"Token {token}"
        )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
@pytest.mark.urls("tests.ops.urls")
def test_a_failure_in_the_session_middleware_after_the_view_is_a_503(
    quiet_client, settings
):
    # Saving the session happens in middleware, out of reach of process_exception.
    with database_down():
        response = quiet_client.get("/_ops/write-session/", **REQUEST_ID)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"req-1234abcd" in response.content


@pytest.mark.django_db
def test_the_outage_is_logged_once_not_a_traceback_per_request(quiet_client, caplog):
    with caplog.at_level(logging.INFO), database_down():
        for _ in range(3):
            assert quiet_client.get("/topics/").status_code == 503
            assert quiet_client.get("/api/v1/topics/").status_code == 503
    warnings = [
        r for r in caplog.records if r.name == "milidip_site.middleware.database"
    ]
    assert len(warnings) == 1
    assert "Database unavailable" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.django_db
def test_the_500_page_shows_the_request_id_and_does_not_query(
    quiet_client, settings, django_assert_num_queries
):
    with (
        mock.patch(
            "milidip_site.views.HomeView.get_context_data", side_effect=KeyError
        ),
        django_assert_num_queries(0),
    ):
        response = quiet_client.get("/", **REQUEST_ID)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"req-1234abcd" in response.content


def _postgres_target() -> tuple[str, int] | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return (
        connection.settings_dict["HOST"] or "127.0.0.1",
        int(connection.settings_dict["PORT"] or 5432),
    )


@pytest.mark.slow
def test_gunicorn_with_postgres_unreachable_answers_503_quickly():
    env = site_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/milidip",
        DJANGO_DB_CONNECT_TIMEOUT="2",
    )
    with gunicorn(env) as base:
        for path, kind in (("/topics/", "text/html"), ("/api/v1/topics/", "problem")):
            started = time.monotonic()
            status, headers, body = http_get(base + path, timeout=10)
            assert time.monotonic() - started < 3
            assert status == 503, body[:500]
            assert headers["Retry-After"] == "30"
            assert kind in headers["Content-Type"]
    assert "Traceback" not in gunicorn.last_log
    assert gunicorn.last_log.count("Database unavailable") == 1


@pytest.mark.slow
@pytest.mark.django_db
def test_gunicorn_recovers_when_postgres_returns_without_a_restart():
    target = _postgres_target()
    if target is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    name = connection.settings_dict["NAME"]  # the test database: tables, no rows
    env = site_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PROXY_PORT}/{name}",
        DJANGO_DB_CONNECT_TIMEOUT="2",
        DJANGO_CONN_MAX_AGE="600",  # persistent connections, broken by the outage
    )
    proxy = TcpProxy(target)
    with gunicorn(env, ready_path="/healthz") as base:
        assert http_get(base + "/topics/")[0] == 503  # not there yet
        proxy.start()
        try:
            assert http_get(base + "/topics/")[0] == 200
            assert http_get(base + "/api/v1/topics/")[0] == 200
        finally:
            proxy.stop()  # the database goes away under an open connection
        # The topic tree is a cached count now: the list of case studies reads rows.
        assert http_get(base + "/case-studies/")[0] == 503
        proxy.start()
        try:
            assert http_get(base + "/topics/")[0] == 200
            assert http_get(base + "/api/v1/topics/")[0] == 200
        finally:
            proxy.stop()
    assert "Traceback" not in gunicorn.last_log
