"""The rate limit holds across gunicorn workers sharing Redis.

Runs only with REDIS_URL set (CI's PostgreSQL + Redis pass): two workers on a
loopback port, a scratch SQLite database, a burst of concurrent requests each
with a different forged X-Forwarded-For.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.ops.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PORT = free_port()
LIMIT = 20
BURST = 60

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
]


def _status(url: str, forwarded: str) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-For": forwarded})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_until_up(url: str, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start in time")


def test_two_workers_let_exactly_the_limit_through(tmp_path):
    import redis

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "milidip_site.settings",
        "DJANGO_ENV_FILE": "",
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": "rate-limit-test-" + "y" * 40,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_API_ANON_RATE": f"{LIMIT}/min",
        "DJANGO_API_USER_RATE": "100000/min",
        "DJANGO_TRUSTED_PROXY_COUNT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "milidip_site.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        _wait_until_up(f"{base}/robots.txt", server, time.monotonic() + 30)
        url = f"{base}/api/v1/sources/"
        while time.time() % 60 > 50:  # the burst stays inside one minute's window
            time.sleep(0.5)
        forged = [f"10.{i}.{uuid.uuid4().bytes[0]}.1" for i in range(BURST)]
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(lambda f: _status(url, f), forged))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()

    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == BURST - LIMIT
