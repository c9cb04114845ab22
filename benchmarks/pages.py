"""Benchmark the public pages and API lists: time, queries and memory per request.

    .venv/bin/python benchmarks/pages.py [--rows 500] [--repeat 20]

Builds a scratch test database (in-memory SQLite, or a throwaway test_<name>
database beside the one DATABASE_URL names) with the given number of published case studies, topics, actors
and sources, then requests each path in-process and prints the median and p95
time, the number of queries and the peak Python memory of one request.
"""

import argparse
import logging
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATHS = [
    "/",
    "/topics/",
    "/topics/topic-1/",
    "/case-studies/",
    "/case-studies/?region=europe,africa&year_from=-500&ordering=-start_year",
    "/case-studies/case-study-1/",
    "/timeline/",
    "/sources/",
    "/sources/source-1/",
    "/actors/actor-1/",
    "/search/?q=diplomacy",
    "/feeds/case-studies/",
    "/sitemap.xml",
    "/api/v1/case-studies/",
    "/api/v1/topics/",
    "/api/v1/sources/",
    "/api/v1/actors/",
    "/api/v1/citations/",
]


def build_content(rows: int) -> None:
    from django.utils import timezone

    from casestudies.models import Actor, CaseStudy, Participation, Region
    from topics.models import Citation, Source, Topic

    now = timezone.now() - timezone.timedelta(days=1)
    regions = Region.values
    topics = Topic.objects.bulk_create(
        Topic(
            title=f"Topic {i}",
            slug=f"topic-{i}",
            summary="A mechanism of military diplomacy.",
            body="Military diplomacy **in practice**.\n\n" * 5,
            status="published",
            publish_at=now,
        )
        for i in range(1, rows // 5 + 2)
    )
    sources = Source.objects.bulk_create(
        Source(title=f"Source {i}", slug=f"source-{i}", kind="report",
               reliability="scholarly", year=2000)
        for i in range(1, rows // 5 + 2)
    )  # fmt: skip
    actors = Actor.objects.bulk_create(
        Actor(name=f"Actor {i}", slug=f"actor-{i}", kind="international_org")
        for i in range(1, rows // 5 + 2)
    )
    cases = CaseStudy.objects.bulk_create(
        CaseStudy(
            title=f"Case study {i}",
            slug=f"case-study-{i}",
            summary="Armed forces in the service of diplomacy.",
            body="A detailed account of diplomacy.\n\n" * 10,
            start_year=-500 + i * 3,
            end_year=-500 + i * 3 + 5,
            region=regions[i % len(regions)],
            outcome="success",
            status="published",
            publish_at=now,
        )
        for i in range(1, rows + 1)
    )
    through = CaseStudy.topics.through
    through.objects.bulk_create(
        through(casestudy_id=c.pk, topic_id=topics[i % len(topics)].pk)
        for i, c in enumerate(cases)
    )
    Participation.objects.bulk_create(
        Participation(case_study=c, actor=actors[i % len(actors)], role="lead")
        for i, c in enumerate(cases)
    )
    Citation.objects.bulk_create(
        Citation(source=sources[i % len(sources)], case_study=c, claim="A claim.")
        for i, c in enumerate(cases)
    )
    Citation.objects.bulk_create(
        Citation(source=sources[i % len(sources)], topic=t, claim="A claim.")
        for i, t in enumerate(topics)
    )


def measure(client, path: str, repeat: int) -> dict:
    from django.db import connection, reset_queries

    response = client.get(path)  # warm up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    reset_queries()
    tracemalloc.start()
    client.get(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    timings.sort()
    return {
        "status": response.status_code,
        "median": statistics.median(timings),
        "p95": timings[max(0, int(len(timings) * 0.95) - 1)],
        "queries": len(connection.queries),
        "peak_kib": peak / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milidip_site.settings_test")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    logging.disable(logging.WARNING)  # 404s of not-yet-built paths are reported below
    setup_test_environment()
    settings.DEBUG = False
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    build_content(args.rows)

    client = Client()
    print(f"{args.rows} case studies, {connection.vendor}, {args.repeat} requests each")
    print(f"{'path':<72} {'status':>6} {'median ms':>10} {'p95 ms':>8} "
          f"{'queries':>7} {'peak KiB':>9}")  # fmt: skip
    failures = []
    for path in PATHS:
        with CaptureQueriesContext(connection):
            row = measure(client, path, args.repeat)
        if row["status"] != 200:
            failures.append(path)
        print(
            f"{path:<72} {row['status']:>6} {row['median']:>10.1f} {row['p95']:>8.1f} "
            f"{row['queries']:>7} {row['peak_kib']:>9.0f}"
        )
    connection.creation.destroy_test_db(old_name, verbosity=0)
    if failures:
        sys.exit(f"Not answered with 200: {', '.join(failures)}")


if __name__ == "__main__":
    main()
