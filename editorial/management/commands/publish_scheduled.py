"""Publish the pending changes whose scheduled time has come.

Run it every minute or so (cron, or Celery beat calling
`editorial.workflow.publish_scheduled`). Items scheduled as a whole need no
run: they become visible by their publish-at time alone.
"""

from django.core.management.base import BaseCommand

from editorial.workflow import publish_scheduled


class Command(BaseCommand):
    help = (
        "Publish the pending changes of published items whose scheduled time has come."
    )

    def handle(self, *args, **options):
        count = publish_scheduled()
        self.stdout.write(f"{count} scheduled change(s) published.")
