import zipfile

from django.core.management.base import BaseCommand, CommandError

from releases.loading import NotEmpty, load_tables
from releases.package import checksum_errors, read_tables
from releases.tables import content_hash


class Command(BaseCommand):
    help = (
        "Load a release's zip file into an empty database (its published "
        "topics, case studies, actors, sources and citations)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The release's zip file.")

    def handle(self, *args, file, **options):
        try:
            with zipfile.ZipFile(file) as archive:
                errors = checksum_errors(archive)
                if errors:
                    raise CommandError("The file is damaged: " + "; ".join(errors))
                tables = read_tables(archive)
        except (OSError, zipfile.BadZipFile, KeyError) as error:
            raise CommandError(f"Not a release file: {error}") from error
        try:
            counts = load_tables(tables)
        except NotEmpty as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {summary}.")
            + f"\ncontent sha256 {content_hash(tables)}"
        )
