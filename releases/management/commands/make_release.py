from django.core.management.base import BaseCommand, CommandError

from releases.build import ReleaseRefused, make_release
from releases.versions import VERSION_HELP


class Command(BaseCommand):
    help = (
        "Make a citable release of everything published: JSON and CSV per table, "
        "the bibliography, a Data Package descriptor and checksums, zipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("version", help=VERSION_HELP)
        parser.add_argument(
            "--notes", default="", help="Release notes, before the generated ones."
        )

    def handle(self, *args, version, notes, **options):
        try:
            release = make_release(version, notes=notes)
        except ReleaseRefused as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{n} {name}" for name, n in release.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Release {release.version}: {counts}.")
            + f"\n{release.file.name} ({release.size} bytes, sha256 {release.sha256})"
        )
