"""Scratch databases and ``manage.py`` runs for the operations tests.

The backup, export and migration tests run the real commands in a subprocess
against a database of their own, never the test database the rest of the suite
uses: a temporary SQLite file, or on PostgreSQL (when the suite runs with a
postgres ``DATABASE_URL``) a database named ``<suite database>_<suffix>`` on the
same server, created and dropped here.
"""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def suite_database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def on_postgresql() -> bool:
    return urlsplit(suite_database_url()).scheme.startswith("postgres")


def _postgresql(url: str, statement: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    admin = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as db:
        db.execute(sql.SQL(statement).format(sql.Identifier(name)))


def scratch_database_url(suffix: str, tmp_path: Path) -> str:
    if on_postgresql():
        parts = urlsplit(suite_database_url())
        name = f"{parts.path.lstrip('/')}_{suffix}"
        return parts._replace(path=f"/{name}").geturl()
    return f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"


@contextmanager
def scratch_database(suffix: str, tmp_path: Path):
    """Yield the URL of an empty database that is removed afterwards."""
    url = scratch_database_url(suffix, tmp_path)
    if not on_postgresql():
        yield url
        return
    name = urlsplit(url).path.lstrip("/")
    _postgresql(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
    _postgresql(url, "CREATE DATABASE {}", name)
    try:
        yield url
    finally:
        _postgresql(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def command_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of an operator's shell: production settings, this database."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="milidip_site.settings",
        DJANGO_ENV_FILE="",
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "scratch-" + "x" * 50),
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    env.pop("DJANGO_DEBUG", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env: dict[str, str], *args: str) -> str:
    """Run ``manage.py`` like an operator would; fail the test with its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} exited {result.returncode}:\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


# Counts of every table Django knows (content, users, groups and their
# permissions, revisions, the search index), a hash of the content apps as
# dumpdata writes them, and what the reader site's search finds for a few words.
SNAPSHOT = """
import hashlib, importlib, io, json
from django.apps import apps
from django.core.management import call_command

counts = {
    model._meta.db_table: model._base_manager.count()
    for model in apps.get_models(include_auto_created=True)
}
content = [app for app in ("topics", "casestudies", "editorial") if app in apps.app_configs]
dump = io.StringIO()
call_command("dumpdata", *content, "auth.group", natural_foreign=True, stdout=dump)
backends = importlib.import_module(apps.get_app_config("search").name + ".backends")
search = {
    query: [hit.url for hit in backends.search(query, limit=100)]
    for query in ("treaty", "peacekeeping", "attaché", "kosovo")
}
print(json.dumps({
    "counts": counts,
    "content_sha256": hashlib.sha256(dump.getvalue().encode()).hexdigest(),
    "search": search,
}))
"""


def seed(env: dict[str, str], then: str = "") -> None:
    """Migrate the empty database, load the seed content, then run ``then``."""
    code = (
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "call_command('load_demo_content', verbosity=0)\n"
    )
    manage(env, "shell", "-c", code + then)


def snapshot(env: dict[str, str], *, after: str = "") -> dict:
    """Run ``after`` (if any), then take the snapshot, in one process."""
    return json.loads(
        manage(env, "shell", "-c", after + SNAPSHOT).strip().splitlines()[-1]
    )
