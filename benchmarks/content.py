"""Generated content for the benchmarks: N published case studies on top of the demo.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/content.py --count 2000

Each generated case study looks like a curated one: a Markdown body of a few
paragraphs, two or three actors with roles, two topics and two citations of the
demo content's sources. Running it again adds nothing (slugs ``bench-case-N``).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "Armed forces served **diplomacy** here: joint exercises, defence attachés and "
    "a standing liaison office kept the partners talking while the negotiators "
    "worked on the [agreement](https://example.org/agreement). "
)


def generate(count: int) -> int:
    """Add up to ``count`` generated published case studies; return how many were made."""
    from django.utils import timezone

    from casestudies.models import Actor, CaseStudy, Outcome, Participation, Region
    from topics.models import Citation, Source, Topic

    existing = CaseStudy.objects.filter(slug__startswith="bench-case-").count()
    if existing >= count:
        return 0
    topics = list(Topic.objects.published().order_by("pk"))
    sources = list(Source.objects.order_by("pk"))
    actors = list(Actor.objects.order_by("pk"))
    if not (topics and sources and actors):
        raise SystemExit("Load the demo content first (manage.py load_demo_content).")
    published_at = timezone.now() - timezone.timedelta(days=1)
    regions = Region.values
    outcomes = [Outcome.SUCCESS, Outcome.MIXED, Outcome.FAILURE]
    cases = CaseStudy.objects.bulk_create(
        CaseStudy(
            title=f"Generated case study {i}",
            slug=f"bench-case-{i}",
            summary="Armed forces in the service of diplomacy, a generated case.",
            body="\n\n".join([PARAGRAPH * 3] * 4),
            start_year=1800 + i % 220,
            end_year=1800 + i % 220 + 3,
            region=regions[i % len(regions)],
            outcome=outcomes[i % len(outcomes)],
            status="published",
            publish_at=published_at,
        )
        for i in range(existing + 1, count + 1)
    )
    through = CaseStudy.topics.through
    through.objects.bulk_create(
        through(casestudy_id=c.pk, topic_id=topics[(i + k) % len(topics)].pk)
        for i, c in enumerate(cases)
        for k in (0, 3)
        if len(topics) > 3 or k == 0
    )
    roles = ["lead", "partner", "host"]
    Participation.objects.bulk_create(
        Participation(
            case_study=c, actor=actors[(i * 7 + k) % len(actors)], role=roles[k]
        )
        for i, c in enumerate(cases)
        for k in range(2 + i % 2)
    )
    Citation.objects.bulk_create(
        Citation(
            source=sources[(i + k) % len(sources)],
            case_study=c,
            locator=f"section {k + 1}",
            claim="The exercise preceded the agreement.",
        )
        for i, c in enumerate(cases)
        for k in range(2)
    )
    return len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milidip_site.settings")
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        made = generate(args.count)
    print(f"{made} case studies generated")


if __name__ == "__main__":
    main()
