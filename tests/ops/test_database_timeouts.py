"""A hung database costs a request seconds, not a worker: connect and statement timeouts."""

import time

import pytest
from django.db import connection
from django.test import Client

from tests.ops.servers import HUNG_PORT, HungServer, manage, settings_json, site_env


def test_postgres_gets_connect_and_statement_timeouts_from_the_environment():
    options = settings_json(
        ["DATABASES"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/milidip",
        DJANGO_DB_CONNECT_TIMEOUT="3",
        DJANGO_DB_STATEMENT_TIMEOUT_MS="2500",
    )["DATABASES"]["default"]["OPTIONS"]
    assert options["connect_timeout"] == 3
    assert options["options"] == "-c statement_timeout=2500"


def test_postgres_timeouts_have_defaults():
    options = settings_json(
        ["DATABASES"], DATABASE_URL="postgres://postgres@127.0.0.1:5432/milidip"
    )["DATABASES"]["default"]["OPTIONS"]
    assert options["connect_timeout"] == 5
    assert options["options"] == "-c statement_timeout=10000"


def test_sqlite_waits_for_a_lock_and_runs_in_wal_mode(tmp_path):
    options = settings_json(
        ["DATABASES"],
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_DB_STATEMENT_TIMEOUT_MS="7000",
    )["DATABASES"]["default"]["OPTIONS"]
    assert options["timeout"] == 7
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in options["init_command"]


def test_a_hung_postgres_server_fails_the_connection_within_the_connect_timeout():
    env = site_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{HUNG_PORT}/milidip",
        DJANGO_DB_CONNECT_TIMEOUT="1",
    )
    with HungServer(lifetime=30):
        started = time.monotonic()
        result = manage(
            "shell",
            "-c",
            "from django.db import connection; connection.ensure_connection()",
            env=env,
            timeout=25,
        )
        elapsed = time.monotonic() - started
    assert result.returncode != 0
    assert "OperationalError" in result.stderr
    # Django's start-up takes a moment; the connection attempt about a second.
    assert elapsed < 10, elapsed


def _require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("statement timeouts are PostgreSQL's")


@pytest.mark.django_db
@pytest.mark.urls("tests.ops.urls")
def test_a_statement_over_the_timeout_gives_503_quickly():
    _require_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 100")  # reverted with the test
    started = time.monotonic()
    response = Client(raise_request_exception=False).get("/_ops/slow-query/")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_the_statement_timeout_setting_cancels_a_long_query():
    _require_postgres()
    db = connection.settings_dict
    env = site_env(
        DATABASE_URL=(
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        DJANGO_DB_STATEMENT_TIMEOUT_MS="200",
    )
    started = time.monotonic()
    result = manage(
        "shell",
        "-c",
        "from django.db import connection\n"
        "connection.cursor().execute('SELECT pg_sleep(30)')",
        env=env,
        timeout=25,
    )
    elapsed = time.monotonic() - started
    assert result.returncode != 0
    assert "canceling statement due to statement timeout" in result.stderr
    assert elapsed < 15, elapsed  # not the thirty seconds of the query
