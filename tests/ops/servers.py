"""Helpers for tests that run the site in a subprocess or fake a broken service.

Every server binds 127.0.0.1 on a port the system reports free when the tests
start (so two test runs on one machine do not collide), is bounded in time and
stopped when the test ends.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Ports: gunicorn servers, then the fakes.
GUNICORN_PORT = free_port()
SECOND_GUNICORN_PORT = free_port()
PROXY_PORT = free_port()
HUNG_PORT = free_port()
CLOSED_PORT = free_port()


def site_env(**overrides) -> dict:
    """The environment of a production-like subprocess (settings_test: DEBUG off)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="milidip_site.settings_test",
        DJANGO_ENV_FILE="",
        DJANGO_SECRET_KEY="ops-tests-" + "s" * 40,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def settings_json(names: list[str], **env) -> dict:
    """Settings as a process started with this environment computes them."""
    code = (
        "import json, milidip_site.settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=site_env(**{"DJANGO_DEBUG": "1", **env}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def manage(*args, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def create_api_token(user) -> str:
    """An API token for ``user``: the one place that knows how tokens are made."""
    from knox.models import AuthToken

    return AuthToken.objects.create(user)[1]


API_AUTH_SCHEME = "Token"


@contextlib.contextmanager
def gunicorn(env: dict, port: int = GUNICORN_PORT, *args: str, ready_path="/healthz"):
    """Run gunicorn on 127.0.0.1:port until the block ends (at most a few minutes)."""
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "milidip_site.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "2",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"gunicorn exited:\n{log.read()}")
            try:
                http_get(f"http://127.0.0.1:{port}{ready_path}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.seek(0)
        output = log.read()
        log.close()
        gunicorn.last_log = output


def http_get(url: str, *, timeout: float = 10, headers: dict | None = None):
    """(status, headers, body) of a GET; error statuses are returned, not raised."""
    return http_request("GET", url, timeout=timeout, headers=headers)


def http_request(method, url, *, data=None, timeout=10, headers=None):
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Host": "127.0.0.1", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class HungServer:
    """A TCP server that accepts connections and never answers (a hung service)."""

    def __init__(self, port: int = HUNG_PORT, lifetime: float = 60):
        self.port = port
        self.lifetime = lifetime
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()

    def __enter__(self):
        self.sock = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.sock.settimeout(0.2)
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        deadline = time.monotonic() + self.lifetime
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections.append(conn)
        self._close_all()

    def _close_all(self):
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.close()
        with contextlib.suppress(OSError):
            self.sock.close()

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join(timeout=5)


class TcpProxy:
    """Forwards 127.0.0.1:port to a target; stopping it cuts every connection.

    Stands for a database server that goes away and comes back.
    """

    def __init__(self, target: tuple[str, int], port: int = PROXY_PORT):
        self.target = target
        self.port = port
        self.sockets: list[socket.socket] = []
        self._stop = threading.Event()

    def start(self):
        self._stop.clear()
        self.server = socket.create_server(("127.0.0.1", self.port))
        self.server.settimeout(0.2)
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        deadline = time.monotonic() + 120
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                client, _ = self.server.accept()
            except OSError:
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()
        self.server.close()

    @staticmethod
    def _pipe(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def stop(self):
        self._stop.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        self.sockets = []
