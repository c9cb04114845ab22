"""Two app servers, one site: shared PostgreSQL, shared Redis, shared everything.

    .venv/bin/python benchmarks/multi_server.py [--quick] \
        [--database postgres://postgres@127.0.0.1:5432/milidip_bench] \
        [--redis redis://127.0.0.1:6379/8]

Starts two gunicorn servers (A and B, 2 sync workers each) on loopback ports,
both on the same PostgreSQL database and the same Redis, and shows:

1. a publish through A is visible through B at once (the page cache's version
   lives in Redis, so B's cached list and 404 are retired by A's write);
2. a session made by logging in on A works on B (sessions in the database);
3. rate limits are counted across servers (throttle counters in Redis): a token
   limited to 4 requests a minute gets 2 on A, 2 on B, then a 429 on either;
4. a headless Locust run of readers browsing pages and API lists spread over A
   and B (200 users for 60 s; ``--quick``: 50 users for 20 s) reports p95 per kind
   and the error count, against the goals p95 < 300 ms (pages), < 500 ms (API).

The database named by ``--database`` is emptied and filled (migrate, demo content,
``--cases`` generated case studies): never point it at a real one. Locust is
installed into its own virtualenv under /tmp on first use (pinned below).
"""

import argparse
import csv
import http.cookies
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import ROOT, gunicorn, manage, milidip_env  # noqa: E402

LOCUST = "locust==2.47.0"
LOCUST_VENV = Path(os.environ.get("MILIDIP_LOCUST_VENV", "/tmp/milidip-locust-venv"))
PASSWORD = "benchmark-only-password-4821"
GOALS_MS = {"page": 300, "api": 500}


def request(method, url, *, headers=None, data=None):
    body = None
    headers = dict(headers or {})
    if data is not None:
        if isinstance(data, dict) and headers.get("Content-Type") == "application/json":
            body = json.dumps(data).encode()
        else:
            body = urllib.parse.urlencode(data).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cookies_from(headers_list) -> dict[str, str]:
    jar = http.cookies.SimpleCookie()
    for value in headers_list:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def check(label: str, ok: bool, detail: str = "") -> bool:
    print(f"  [{'ok' if ok else 'FAILED'}] {label}{': ' + detail if detail else ''}")
    return ok


def publish_through_a_is_seen_on_b(a, b, token) -> bool:
    slug = "bench-case-1"
    auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    status, _, _ = request(
        "PATCH", f"{a}/api/v1/case-studies/{slug}/", headers=auth,
        data={"status": "draft"},
    )  # fmt: skip
    before = [request("GET", f"{b}/case-studies/{slug}/")[0] for _ in range(2)]
    listing = [request("GET", f"{b}/api/v1/case-studies/?ordering=title")[1] for _ in range(2)]  # fmt: skip
    status, _, text = request(
        "PATCH", f"{a}/api/v1/case-studies/{slug}/", headers=auth,
        data={"status": "published", "publish_at": None},
    )  # fmt: skip
    if status != 200:
        print(text[:500])
    after, headers, _ = request("GET", f"{b}/case-studies/{slug}/")
    return all([
        check("unpublished on A: B answers 404", before == [404, 404]),
        check("B's list is a cache hit before the publish",
              listing[1].get("X-Cache") == "HIT"),
        check("publish through A", status == 200, f"HTTP {status}"),
        check("published item visible through B at once", after == 200,
              f"HTTP {after}, X-Cache {headers.get('X-Cache')}"),
    ])  # fmt: skip


def session_from_a_works_on_b(a, b, username) -> bool:
    status, headers, html = request("GET", f"{a}/admin/login/")
    raw = [v for k, v in _header_items(headers) if k.lower() == "set-cookie"]
    cookies = cookies_from(raw)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, headers, _ = request(
        "POST", f"{a}/admin/login/?next=/admin/",
        headers={"Cookie": f"csrftoken={cookies['csrftoken']}", "Referer": f"{a}/admin/login/"},
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token,
              "next": "/admin/"},
    )  # fmt: skip
    session = cookies_from(
        [v for k, v in _header_items(headers) if k.lower() == "set-cookie"]
    ).get("sessionid")
    on_b, _, page = request(
        "GET", f"{b}/admin/", headers={"Cookie": f"sessionid={session}"}
    )
    anonymous_b, _, _ = request("GET", f"{b}/admin/")
    return all([
        check("log in on A", status == 302 and bool(session), f"HTTP {status}"),
        check("the session works on B", on_b == 200 and "Log out" in page, f"HTTP {on_b}"),
        check("without it B asks for a login", anonymous_b == 302),
    ])  # fmt: skip


def _header_items(headers):
    return [("Set-Cookie", v) for v in headers.get_all("Set-Cookie") or []]


def rate_limits_are_shared(a, b, token) -> bool:
    auth = {"Authorization": f"Token {token}"}
    statuses = []
    for base in (a, b, a, b, a, b):
        statuses.append(request("GET", f"{base}/api/v1/sources/", headers=auth)[0])
    return check(
        "4 requests/min for a token, alternating A and B",
        statuses == [200, 200, 200, 200, 429, 429],
        str(statuses),
    )


def locust_run(a, b, args, scratch: Path, topic: str) -> bool:
    if not (LOCUST_VENV / "bin/locust").exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run(
            [str(LOCUST_VENV / "bin/pip"), "install", "-q", LOCUST], check=True
        )
    users, seconds = (50, 20) if args.quick else (args.users, args.seconds)
    prefix = scratch / "locust"
    env = {**os.environ, "MILIDIP_HOSTS": f"{a} {b}", "MILIDIP_CASES": str(args.cases),
           "MILIDIP_TOPIC": topic}  # fmt: skip
    subprocess.run(
        [str(LOCUST_VENV / "bin/locust"), "-f", str(ROOT / "benchmarks/locustfile.py"),
         "--headless", "-u", str(users), "-r", str(max(1, users // 4)), "-t", f"{seconds}s",
         "--host", a, "--csv", str(prefix), "--only-summary", "--stop-timeout", "5"],
        env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        timeout=seconds + 120,
    )  # fmt: skip
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    print(f"\n  Locust: {users} users for {seconds} s against A and B")
    print(
        f"  {'request':<26} {'count':>7} {'fails':>6} {'median':>7} {'p95 ms':>7} {'rps':>6}"
    )
    ok = True
    for row in rows:
        print(f"  {row['Name']:<26} {row['Request Count']:>7} {row['Failure Count']:>6} "
              f"{row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):>6.1f}")  # fmt: skip
    for kind, goal in GOALS_MS.items():
        mine = [r for r in rows if r["Name"].startswith(f"{kind}:")]
        worst = max(float(r["95%"]) for r in mine)
        fails = sum(int(r["Failure Count"]) for r in mine)
        ok &= check(f"{kind}s: worst p95 {worst:.0f} ms < {goal} ms, {fails} errors",
                    worst < goal and fails == 0)  # fmt: skip
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/milidip_cache"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    setup_env = milidip_env(args.database, REDIS_URL=args.redis, DJANGO_DEBUG="1")
    print(f"Preparing {args.database} (demo content + {args.cases} case studies)")
    manage("migrate", "--noinput", env=setup_env)
    manage("flush", "--noinput", env=setup_env)
    manage("load_demo_content", env=setup_env)
    subprocess.run([sys.executable, str(ROOT / "benchmarks/content.py"), "--count",
                    str(args.cases)], cwd=ROOT, env=setup_env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    username = "bench-admin"
    users = [username, "bench-limited"]  # the second one's token meets the limit
    manage("shell", "-c", (
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"U.objects.filter(username__in={users!r}).delete(); "
        f"[U.objects.create_superuser(n, 'a@example.org', '{PASSWORD}') for n in {users!r}]"
    ), env=setup_env)  # fmt: skip
    token, limited_token = (
        subprocess.run(
            [sys.executable, "manage.py", "create_api_token", name], cwd=ROOT,
            env=setup_env, check=True, capture_output=True, text=True,
        ).stdout.strip().split()[-1]
        for name in users
    )  # fmt: skip
    topic = subprocess.run(  # the last line: the shell may print warnings first
        [sys.executable, "manage.py", "shell", "-c",
         "from topics.models import Topic; print(Topic.objects.published().roots().first().slug)"],
        cwd=ROOT, env=setup_env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    manage("collectstatic", "--noinput", env=milidip_env(args.database))
    subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=False,
                   stdout=subprocess.DEVNULL)  # fmt: skip

    def pair(**overrides):
        env = milidip_env(
            args.database, REDIS_URL=args.redis, DJANGO_PAGE_CACHE="1",
            DJANGO_LOG_LEVEL="WARNING", **overrides,
        )  # fmt: skip
        return (
            gunicorn("milidip_site.wsgi", cwd=ROOT, env=env, ready_path="/healthz", log=log),
            gunicorn("milidip_site.wsgi", cwd=ROOT, env=env, ready_path="/healthz", log=log),
        )  # fmt: skip

    results = []
    with tempfile.TemporaryDirectory(prefix="milidip-multi-") as scratch:
        scratch = Path(scratch)
        log = scratch / "gunicorn.log"
        # Low limits first (one client: these requests), then limits Locust's
        # readers (all from 127.0.0.1) stay under.
        first, second = pair(
            DJANGO_API_USER_RATE="4/min", DJANGO_API_ANON_RATE="100/min"
        )
        with first as (a, _), second as (b, _):
            print(f"Server A {a}, server B {b}: one PostgreSQL, one Redis")
            results += [
                publish_through_a_is_seen_on_b(a, b, token),
                session_from_a_works_on_b(a, b, username),
                rate_limits_are_shared(a, b, limited_token),
            ]
        first, second = pair(
            DJANGO_API_USER_RATE="100000000/min", DJANGO_API_ANON_RATE="100000000/min"
        )
        with first as (a, _), second as (b, _):
            started = time.monotonic()
            results.append(locust_run(a, b, args, scratch, topic))
            print(f"  ({time.monotonic() - started:.0f} s)")
        errors = [line for line in log.read_text().splitlines() if " ERROR " in line]
        results.append(
            check("no errors in the servers' log", not errors, "; ".join(errors[:3]))
        )
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
