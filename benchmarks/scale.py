"""Benchmark every public page, API list and admin change list on a large dataset.

    .venv/bin/python benchmarks/scale.py [--rows 100000] [--database URL]
                                         [--repeat 20] [--cap 10] [--json FILE]

Without ``--database`` it generates ``--rows`` case studies (and citations,
actors, topics and sources in the proportions of ``manage.py generate_dataset``)
into a scratch SQLite file that is deleted afterwards. With ``--database`` (a
SQLite or PostgreSQL URL) it migrates that database, generates the dataset if
the database holds no case study yet, and keeps it, so later runs reuse it.

Each path is requested in-process (no server, DEBUG off): one warm-up, then up
to ``--repeat`` timed requests within ``--budget`` seconds. A request that runs
longer than ``--cap`` seconds is stopped (SQLite: a progress handler interrupts
the query after that much CPU time; PostgreSQL: statement_timeout) and reported
as capped. The table shows p50 and p95 wall-clock milliseconds, the p95 of the
benchmark process's own CPU time (on SQLite that includes the database's work,
and it does not grow when other programs share the CPU), the queries of one
request, and the goal: pages and API lists under 50 ms, search under 100 ms,
admin change lists under 300 ms.
"""

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE_GOAL, SEARCH_GOAL, ADMIN_GOAL = 50, 100, 300


def paths(s: dict) -> list[tuple[str, int]]:
    """Each path to measure with its p95 goal in ms; `s` holds the slugs to use."""
    facets = (
        f"region=europe,africa&actor={s['actor']}&topic={s['root_topic']}"
        "&year_from=1900&ordering=-start_year"
    )
    pages = [
        "/",
        "/topics/",
        f"/topics/{s['root_topic']}/",
        f"/topics/{s['topic']}/",
        "/case-studies/",
        "/case-studies/?page=2000",
        "/case-studies/?region=europe",
        f"/case-studies/?{facets}",
        "/case-studies/?q=ceasefire",
        f"/case-studies/{s['case_study']}/",
        "/actors/",
        "/actors/?kind=state",
        f"/actors/{s['actor']}/",
        "/sources/",
        "/sources/?reliability=scholarly",
        f"/sources/{s['source']}/",
        "/timeline/",
        "/feeds/case-studies/",
        "/feeds/topics/",
        "/sitemap.xml",
        "/sitemap-case-studies.xml?p=2",
        "/robots.txt",
    ]
    searches = ["/search/?q=ceasefire+mediation", "/search/?q=nav", "/search/?q=armed"]
    api = [
        "/api/v1/case-studies/",
        "/api/v1/case-studies/?region=europe&ordering=-start_year",
        f"/api/v1/case-studies/?actor={s['actor']}",
        "/api/v1/case-studies/?expand=participants,topics,citations",
        "/api/v1/case-studies/?q=ceasefire",
        "/api/v1/topics/",
        "/api/v1/sources/",
        "/api/v1/actors/",
        "/api/v1/citations/",
        f"/api/v1/citations/?source={s['source']}",
    ]
    admin = [
        "/admin/",
        "/admin/casestudies/casestudy/",
        "/admin/casestudies/casestudy/?status__exact=published",
        "/admin/casestudies/actor/",
        "/admin/topics/topic/",
        "/admin/topics/source/",
        "/admin/topics/citation/",
        "/admin/topics/citation/?verification__exact=disputed",
    ]
    return [
        *((p, PAGE_GOAL) for p in pages + api),
        *((p, SEARCH_GOAL) for p in searches),
        *((p, ADMIN_GOAL) for p in admin),
    ]


class Deadline:
    """Stops a request's queries once it has run `cap` seconds (SQLite only)."""

    def __init__(self, cap: float):
        self.cap = cap
        self.until = None

    def start(self):
        self.until = time.process_time() + self.cap

    def stop(self):
        self.until = None

    def expired(self) -> int:
        # A non-zero return makes SQLite interrupt the statement.
        return int(self.until is not None and time.process_time() > self.until)

    def install(self, sender, connection, **kwargs):
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(self.expired, 10_000)


def pick_slugs() -> dict:
    """The heaviest objects of each kind: the worst case of each page."""
    from django.db.models import Count

    from casestudies.models import Actor, CaseStudy
    from topics.models import Source, Topic

    published = CaseStudy.objects.published()
    top = lambda qs, relation: (  # noqa: E731
        qs.annotate(n=Count(relation))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)[0]
    )
    return {
        "actor": top(Actor.objects.all(), "participations"),
        "source": top(Source.objects.all(), "citations"),
        "root_topic": top(Topic.objects.published().filter(parent=None), "children"),
        "topic": top(Topic.objects.published().exclude(parent=None), "case_studies"),
        "case_study": published.order_by("pk").values_list("slug", flat=True)[
            published.count() // 2
        ],
    }


def measure(client, path, *, repeat, budget, deadline) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def timed():
        deadline.start()
        start, cpu = time.perf_counter(), time.process_time()
        try:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            status = response.status_code
        except Exception as error:  # an interrupted query (the cap) or a bug
            status = type(error).__name__
            queries = []
        finally:
            deadline.stop()
        wall = (time.perf_counter() - start) * 1000
        return status, wall, (time.process_time() - cpu) * 1000, len(queries)

    status, elapsed, cpu, queries = timed()  # warm-up
    capped = max(elapsed, cpu) > deadline.cap * 1000
    if capped or status != 200:
        return {"status": status, "p50": elapsed, "p95": elapsed, "cpu_p50": cpu,
                "cpu_p95": cpu, "queries": queries, "capped": capped, "n": 1}  # fmt: skip
    timings, cpus, spent = [], [], 0.0
    while len(timings) < repeat and (spent < budget * 1000 or len(timings) < 3):
        status, elapsed, cpu, queries = timed()
        timings.append(elapsed)
        cpus.append(cpu)
        spent += elapsed

    def p95(values):
        values = sorted(values)
        return values[min(len(values) - 1, round(len(values) * 0.95) - 1)]

    return {
        "status": status,
        "p50": statistics.median(timings),
        "p95": p95(timings),
        "cpu_p50": statistics.median(cpus),
        "cpu_p95": p95(cpus),
        "queries": queries,
        "capped": False,
        "n": len(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="case studies")
    parser.add_argument("--database", help="SQLite or PostgreSQL URL to use and keep")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--budget", type=float, default=5, help="seconds per path")
    parser.add_argument("--cap", type=float, default=10, help="seconds per request")
    parser.add_argument("--only", help="measure only paths containing this text")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    scratch = None
    if args.database is None:
        scratch = tempfile.mkdtemp(prefix="milidip-scale-")
        args.database = f"sqlite:///{scratch}/scale.sqlite3"
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milidip_site.settings_test")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_DB_STATEMENT_TIMEOUT_MS"] = str(int(args.cap * 1000))

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test import Client
    from django.test.utils import setup_test_environment

    from casestudies.dataset import FULL_SIZE, Progress, generate
    from casestudies.models import CaseStudy

    logging.disable(logging.CRITICAL)  # capped requests are reported in the table
    setup_test_environment()
    settings.DEBUG = False
    deadline = Deadline(args.cap)
    connection_created.connect(deadline.install)
    try:
        if connection.vendor == "postgresql":
            # Migrating (index rebuilds) and generating may run long: no cap.
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        call_command("migrate", verbosity=0)
        generated = None
        if not CaseStudy.objects.exists():
            started = time.perf_counter()
            generate(
                FULL_SIZE.scaled(args.rows / FULL_SIZE.case_studies),
                progress=Progress(sys.stderr),
            )
            generated = time.perf_counter() - started
        connection.close()  # requests get the capped connection settings
        slugs = pick_slugs()
        admin = User.objects.filter(username="benchmark-admin").first()
        if admin is None:
            admin = User.objects.create_superuser("benchmark-admin", None, None)
        rows = CaseStudy.objects.count()

        anonymous, staff = Client(), Client()
        staff.force_login(admin)
        header = f"{rows:,} case studies, {connection.vendor}"
        if generated is not None:
            header += f", generated in {generated:.0f} s"
        print(header)
        print(f"{'path':<70} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'cpu p95':>8} {'queries':>7} {'goal':>5}  ok")  # fmt: skip
        results = []
        for path, goal in paths(slugs):
            if args.only and args.only not in path:
                continue
            client = staff if path.startswith("/admin/") else anonymous
            row = measure(
                client, path, repeat=args.repeat, budget=args.budget, deadline=deadline
            )
            ok = row["status"] == 200 and row["p95"] < goal
            p95 = f">{args.cap * 1000:.0f}" if row["capped"] else f"{row['p95']:.1f}"
            print(
                f"{path[:70]:<70} {row['status']!s:>6} {row['p50']:>8.1f} {p95:>8} "
                f"{row['cpu_p95']:>8.1f} {row['queries']:>7} {goal:>5}  "
                f"{'yes' if ok else 'NO'}",
                flush=True,
            )
            results.append({"path": path, "goal": goal, **row})
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {"rows": rows, "vendor": connection.vendor, "results": results},
                    indent=1,
                )  # fmt: skip
            )
    finally:
        connection.close()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
