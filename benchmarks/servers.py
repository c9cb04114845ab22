"""Serve Milidip and the floor with gunicorn on loopback, for the benchmarks.

Every server binds 127.0.0.1 on a port the system reports free, lives at most
``lifetime`` seconds (gunicorn is started under ``timeout``) and is stopped by
the ``with`` block that started it.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "benchmark-only-not-secret-" + "x" * 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def milidip_env(database_url: str, **overrides) -> dict:
    env = {
        **os.environ,
        "DJANGO_ENV_FILE": "",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_API_ANON_RATE": "100000000/min",
        "DJANGO_API_USER_RATE": "100000000/min",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    env.update({k: v for k, v in overrides.items() if v is not None})
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
    return env


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def wait_ready(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer in time")
        time.sleep(0.2)


@contextlib.contextmanager
def gunicorn(app: str, *, cwd: Path, env: dict, workers: int = 2, lifetime=900,
             ready_path: str = "/", log: Path | None = None):  # fmt: skip
    """A gunicorn server; yields ``(base_url, process)``."""
    port = free_port()
    log_file = open(log or os.devnull, "ab")  # noqa: SIM115
    process = subprocess.Popen(
        ["timeout", str(lifetime), str(BIN / "gunicorn"), app,
         "--workers", str(workers), "-k", "sync", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "-" if log else "/dev/null"],
        cwd=cwd, env=env, stdout=log_file, stderr=log_file,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + ready_path, time.monotonic() + 60)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()


def worker_rss_mib(process: subprocess.Popen) -> float:
    """The largest resident set of the gunicorn workers (children of the master)."""
    masters = _children(process.pid) or [process.pid]  # under `timeout`
    workers = [w for m in masters for w in _children(m)]
    sizes = [_rss_kib(pid) for pid in workers]
    return max(sizes, default=0) / 1024


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
