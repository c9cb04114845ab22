"""SQLite under a web server: concurrent API writes while readers load pages.

Before WAL, a busy timeout and immediate transactions, 5 editors sending 20
PATCHes each got about half of them answered 500 "database is locked".
"""

import json
import sqlite3
import threading
import time

import pytest

from tests.ops.seed_concurrency import EDITORS, WRITES_PER_EDITOR
from tests.ops.servers import (
    API_AUTH_SCHEME,
    GUNICORN_PORT,
    gunicorn,
    http_get,
    http_request,
    manage,
    site_env,
)

pytestmark = pytest.mark.slow


def test_concurrent_editors_and_readers_on_sqlite_lose_no_write(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = site_env(DATABASE_URL=f"sqlite:///{database}")
    result = manage("migrate", "--noinput", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    result = manage(
        "shell", "-c", "from tests.ops.seed_concurrency import seed; seed()", env=env
    )
    assert result.returncode == 0, result.stderr
    tokens = json.loads(result.stdout.strip().splitlines()[-1])

    errors: list[str] = []
    reads = []
    editors_done = threading.Event()

    def edit(e: int, base: str):
        for i in range(WRITES_PER_EDITOR):
            status, _, body = http_request(
                "PATCH",
                f"{base}/api/v1/sources/source-{e}-{i}/",
                data=json.dumps({"publisher": f"editor {e}, write {i}"}).encode(),
                headers={
                    "Authorization": f"{API_AUTH_SCHEME} {tokens[e]}",
                    "Content-Type": "application/json",
                },
                timeout=30,
            )
            if status != 200:
                errors.append(f"PATCH {e}-{i}: {status} {body[-300:]!r}")

    def read(base: str):
        deadline = time.monotonic() + 120
        while not editors_done.is_set() and time.monotonic() < deadline:
            for path in ("/sources/", "/topics/", "/api/v1/sources/"):
                status, _, body = http_get(base + path, timeout=30)
                reads.append(status)
                if status != 200:
                    errors.append(f"GET {path}: {status} {body[:200]!r}")

    with gunicorn(env, GUNICORN_PORT, "--workers", "2", "--threads", "4") as base:
        readers = [threading.Thread(target=read, args=(base,)) for _ in range(3)]
        writers = [
            threading.Thread(target=edit, args=(e, base)) for e in range(EDITORS)
        ]
        for thread in readers + writers:
            thread.start()
        for thread in writers:
            thread.join(timeout=150)
        editors_done.set()
        for thread in readers:
            thread.join(timeout=60)

    assert not errors, errors[:10]
    assert len(reads) >= 3
    with sqlite3.connect(database) as db:
        stored = dict(db.execute("SELECT slug, publisher FROM topics_source"))
    assert stored == {
        f"source-{e}-{i}": f"editor {e}, write {i}"
        for e in range(EDITORS)
        for i in range(WRITES_PER_EDITOR)
    }
