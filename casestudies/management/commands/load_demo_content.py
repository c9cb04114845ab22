"""Load the curated seed content once, without ever overwriting an editor's work."""

from django.core.management import BaseCommand, call_command
from django.db import transaction

from casestudies.models import CaseStudy
from topics.models import Source, Topic

FIXTURE = "demo_content"


class Command(BaseCommand):
    help = (
        "Load the curated seed content (fixtures/demo_content.json) into an empty "
        "database. Does nothing when content is already there, so it is safe to run "
        "on every start; --force reloads it over existing rows with the same slugs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reload even if content exists (overwrites seed rows edited since).",
        )

    def handle(self, *args, force=False, **options):
        existing = (
            Topic.objects.count() + CaseStudy.objects.count() + Source.objects.count()
        )
        if existing and not force:
            self.stdout.write(
                f"Content already present ({existing} topics, case studies and sources); "
                "nothing loaded. Use --force to reload the seed content."
            )
            return
        with transaction.atomic():
            call_command("loaddata", FIXTURE, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded seed content: {Topic.objects.count()} topics, "
                f"{CaseStudy.objects.count()} case studies, {Source.objects.count()} sources."
            )
        )
