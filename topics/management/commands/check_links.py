from collections import Counter

from django.core.management.base import BaseCommand

from topics.link_checker import check_sources
from topics.models import Source


class Command(BaseCommand):
    help = (
        "Check every source URL now (what the daily task does) and print a summary; "
        "also stores archived copies found for sources that have none."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", help="Check only these sources (by slug)."
        )
        parser.add_argument(
            "--no-archive",
            action="store_true",
            help="Do not ask the archive for missing copies.",
        )

    def handle(self, *args, slugs, no_archive, **options):
        sources = Source.objects.exclude(url="").only(
            "pk", "slug", "url", "archived_url"
        )
        if slugs:
            sources = sources.filter(slug__in=slugs)
        results = check_sources(sources, archive=not no_archive)
        width = max([len(source.slug) for source, _ in results] + [6])
        self.stdout.write(f"{'source':<{width}}  {'status':<10}  code  detail")
        for source, result in results:
            code = result.status_code or "-"
            self.stdout.write(
                f"{source.slug:<{width}}  {result.status:<10}  {code!s:<4}  "
                f"{result.detail or result.final_url}"
            )
        counts = Counter(str(result.status) for _, result in results)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.stdout.write(f"Checked {len(results)} link(s): {summary or 'none'}.")
