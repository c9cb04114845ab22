"""A local HTTP server whose paths misbehave on purpose, for the link checker tests."""

import contextlib
import http.server
import json
import threading
import time
from urllib.parse import parse_qs, urlsplit


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Filled in by the server: (method, path, user agent, monotonic time)
    log: list

    def log_message(self, *args):  # keep the test output clean
        pass

    def _answer(self, status, headers=None, body=b""):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self):
        self.server.requests.append(
            (self.command, self.path, self.headers.get("User-Agent"), time.monotonic())
        )
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/ok":
            return self._answer(200, body=b"fine")
        if path.startswith("/chain/"):  # /chain/3 -> /chain/2 -> … -> /ok
            left = int(path.rsplit("/", 1)[1])
            target = "/ok" if left <= 1 else f"/chain/{left - 1}"
            return self._answer(301, {"Location": target})
        if path == "/temporary":
            return self._answer(302, {"Location": "/ok"})
        if path == "/missing":
            return self._answer(404)
        if path == "/server-error":
            return self._answer(500)
        if path == "/no-head":
            if self.command == "HEAD":
                return self._answer(405, {"Allow": "GET"})
            return self._answer(200, body=b"fine")
        if path == "/slow":  # slower than nothing, faster than the read timeout
            time.sleep(0.3)
            return self._answer(200)
        if path == "/hang":  # past the read timeout
            time.sleep(2)
            return self._answer(200)
        if path == "/loop-a":
            return self._answer(301, {"Location": "/loop-b"})
        if path == "/loop-b":
            return self._answer(301, {"Location": "/loop-a"})
        if path == "/wayback":
            url = parse_qs(parts.query).get("url", [""])[0]
            snapshot = self.server.snapshots.get(url)
            closest = (
                {"available": True, "url": snapshot, "status": "200"}
                if snapshot
                else None
            )
            body = json.dumps(
                {
                    "url": url,
                    "archived_snapshots": {"closest": closest} if closest else {},
                }
            ).encode()
            return self._answer(200, {"Content-Type": "application/json"}, body)
        return self._answer(404)

    do_GET = do_HEAD = _route


@contextlib.contextmanager
def link_server(snapshots: dict | None = None):
    """Serve on 127.0.0.1 (a free port) in a thread until the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = []
    server.snapshots = snapshots or {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
