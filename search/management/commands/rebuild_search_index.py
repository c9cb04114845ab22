from django.core.management.base import BaseCommand

from milidip_site.task_queue import enqueue
from search.tasks import rebuild_search_index


class Command(BaseCommand):
    help = "Reinstall the search triggers and rebuild the index from the content."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the rebuild to a Celery worker instead of running it here.",
        )

    def handle(self, *args, database, queue, **options):
        if queue:
            task_id = enqueue(rebuild_search_index, database)
            self.stdout.write(f"Search index rebuild queued (task {task_id}).")
            return
        count = rebuild_search_index(database)
        self.stdout.write(f"Search index rebuilt: {count} documents.")
