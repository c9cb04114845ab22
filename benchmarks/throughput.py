"""Throughput side by side: Milidip, uncached and cached, against a bare-Django floor.

    .venv/bin/python benchmarks/throughput.py            # full run (about 10 minutes)
    .venv/bin/python benchmarks/throughput.py --quick    # four paths, short runs (CI)

Builds, in a scratch folder under /tmp, a bare Django project (benchmarks/
floor_project.py) and a SQLite copy of Milidip with the demo content plus
``--cases`` generated published case studies (benchmarks/content.py). Serves each
with gunicorn (2 sync workers, DEBUG off) on loopback and loads every path with
wrk (16 connections), interleaving the servers so that the machine's drift hits
all alike; prints the median requests per second, the ratio to the floor's page
of the same kind, and the largest worker RSS. Milidip runs twice: with the page
cache off (``DJANGO_PAGE_CACHE=0``: every request rendered) and on.

Needs wrk (``apt-get install wrk``).
"""

import argparse
import contextlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor_project  # noqa: E402
from servers import ROOT, gunicorn, manage, milidip_env, worker_rss_mib  # noqa: E402

# (name, Milidip path, floor path of the same kind)
PATHS = [
    ("list", "/case-studies/", "/articles/"),
    ("detail", "/case-studies/bench-case-400/", "/articles/article-0500/"),
    ("home", "/", "/articles/"),
    ("topic", "/topics/{topic}/", "/articles/article-0500/"),
    ("API list", "/api/v1/case-studies/", "/api/articles/"),
    (
        "API detail",
        "/api/v1/case-studies/bench-case-400/",
        "/api/articles/article-0500/",
    ),
    ("search", "/search/?q=diplomacy", "/articles/"),
    ("robots", "/robots.txt", "/hello/"),
]
QUICK = {"list", "detail", "API list", "API detail"}
GOALS = {"uncached": {"API list": 0.7, "API detail": 0.7}, "cached": {}}
DEFAULT_GOAL = {"uncached": 0.6, "cached": 3.0}


def wrk(url: str, seconds: float, connections: int = 16) -> float:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def build_milidip(folder: Path, cases: int) -> str:
    database_url = f"sqlite:///{folder / 'milidip.sqlite3'}"
    env = milidip_env(database_url, DJANGO_DEBUG="1")
    manage("migrate", "--noinput", env=env)
    manage("load_demo_content", env=env)
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/content.py"), "--count", str(cases)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    manage("collectstatic", "--noinput", env=milidip_env(database_url))
    return database_url


def first_topic(database_url: str) -> str:
    import sqlite3

    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        (slug,) = db.execute(
            "SELECT slug FROM topics_topic WHERE status='published' "
            "AND parent_id IS NULL ORDER BY id LIMIT 1"
        ).fetchone()
    return slug


def prime(url: str, times: int = 6) -> None:
    """Load each worker's code and templates: a cold worker's first request takes seconds."""
    import urllib.request

    for _ in range(times):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
        except OSError as error:
            raise SystemExit(f"{url}: {error}") from error


def measure(base: str, path: str, args) -> float:
    prime(base + path)
    wrk(base + path, args.warmup)
    return wrk(base + path, args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 paths, short runs")
    parser.add_argument("--cases", type=int, default=None, help="2,000 (quick: 500)")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--redis-url", default=None, help="cache in Redis (cached run)")
    args = parser.parse_args()
    args.cases = args.cases or (500 if args.quick else 2000)
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.seconds = args.seconds or (2 if args.quick else 8)
    args.warmup = 1 if args.quick else 2
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    paths = [p for p in PATHS if not args.quick or p[0] in QUICK]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="milidip-throughput-") as scratch:
        scratch = Path(scratch)
        floor_dir = floor_project.build(scratch / "floor")
        database_url = build_milidip(scratch, args.cases)
        topic = first_topic(database_url)
        paths = [(n, m.format(topic=topic), f) for n, m, f in paths]
        rates = {(kind, name): [] for kind in ("floor", "uncached", "cached")
                 for name, *_ in paths}  # fmt: skip
        floor_env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(floor_dir)}
        cached_env = {"DJANGO_PAGE_CACHE": "1", "REDIS_URL": args.redis_url}
        servers = {
            "floor": ("floorsite.wsgi", floor_dir, floor_env, "/hello/"),
            "uncached": ("milidip_site.wsgi", ROOT,
                         milidip_env(database_url, DJANGO_PAGE_CACHE="0", REDIS_URL=None),
                         "/healthz"),
            "cached": ("milidip_site.wsgi", ROOT,
                       milidip_env(database_url, **cached_env), "/healthz"),
        }  # fmt: skip
        log = scratch / "gunicorn.log"
        with contextlib.ExitStack() as stack:
            running = {
                kind: stack.enter_context(
                    gunicorn(app, cwd=cwd, env=env, ready_path=ready, log=log)
                )
                for kind, (app, cwd, env, ready) in servers.items()
            }
            for _ in range(args.rounds):
                for name, milidip_path, floor_path in paths:
                    for kind, (base, _process) in running.items():
                        path = floor_path if kind == "floor" else milidip_path
                        rates[kind, name].append(measure(base, path, args))
            rss = {kind: worker_rss_mib(p) for kind, (_, p) in running.items()}
        report(paths, rates, rss, args, time.monotonic() - started)


def report(paths, rates, rss, args, elapsed) -> None:
    print(
        f"\n{args.cases} generated case studies + demo content, SQLite, gunicorn 2 sync "
        f"workers, wrk 16 connections, median of {args.rounds} x {args.seconds:g} s"
    )
    header = (
        f"{'page':<11} {'floor rps':>10} {'uncached':>9} {'ratio':>6} {'goal':>5}"
        f" {'cached':>9} {'ratio':>6} {'goal':>5}"
    )
    print(header)
    print("-" * len(header))
    for name, *_ in paths:
        floor = statistics.median(rates["floor", name])
        row = f"{name:<11} {floor:>10.0f}"
        for kind in ("uncached", "cached"):
            rate = statistics.median(rates[kind, name])
            goal = GOALS[kind].get(name, DEFAULT_GOAL[kind])
            ratio = rate / floor
            mark = " " if ratio >= goal else "!"
            row += f" {rate:>9.0f} {ratio:>5.2f}{mark} {goal:>5.1f}"
        print(row)
    print(
        "worker RSS after load (MiB): "
        + ", ".join(f"{kind} {size:.0f}" for kind, size in rss.items())
    )
    print(f"(! marks a ratio under its goal; {elapsed:.0f} s in all)")


if __name__ == "__main__":
    main()
