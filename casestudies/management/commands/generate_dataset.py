"""Fill an empty database with a large generated dataset (for benchmarks)."""

import time

from django.core.management import BaseCommand, CommandError

from casestudies.dataset import FULL_SIZE, Progress, Sizes, generate
from casestudies.models import Actor, CaseStudy
from topics.models import Source, Topic


class Command(BaseCommand):
    help = (
        "Generate a large, realistic dataset into an empty database: by default "
        "100,000 case studies, 1,000,000 citations, 5,000 actors, 2,000 topics and "
        "20,000 sources, mostly published. The same --seed gives the same content."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every default size (0.01 is 1,000 case studies).",
        )
        for name in ("case_studies", "citations", "actors", "topics", "sources"):
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                type=int,
                dest=name,
                help=f"How many {name.replace('_', ' ')} (overrides --scale).",
            )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        sizes = FULL_SIZE.scaled(scale)
        chosen = {
            name: options[name]
            for name in ("case_studies", "citations", "actors", "topics", "sources")
            if options.get(name) is not None
        }
        if any(value < 1 for value in chosen.values()):
            raise CommandError("Sizes must be at least 1.")
        sizes = Sizes(**{**sizes.__dict__, **chosen})
        if any(m.objects.exists() for m in (Topic, CaseStudy, Source, Actor)):
            raise CommandError(
                "The database already holds content; generate into an empty one "
                "(migrate a fresh database first)."
            )
        started = time.perf_counter()
        generate(sizes, seed=seed, progress=Progress(self.stderr))
        self.stdout.write(
            f"Generated {sizes.case_studies:,} case studies, {sizes.citations:,} "
            f"citations, {sizes.actors:,} actors, {sizes.topics:,} topics and "
            f"{sizes.sources:,} sources in {time.perf_counter() - started:.1f} s."
        )
