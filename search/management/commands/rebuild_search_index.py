from django.core.management.base import BaseCommand

from search.index import install
from search.models import SearchDocument


class Command(BaseCommand):
    help = "Reinstall the search triggers and rebuild the index from the content."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        install(database)
        count = SearchDocument.objects.using(database).count()
        self.stdout.write(f"Search index rebuilt: {count} documents.")
