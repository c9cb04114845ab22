"""The Celery application: workers and beat run `celery -A milidip_site …`.

Its configuration is the Django settings starting with ``CELERY_``; with no
broker configured the tasks run eagerly, in the process that queues them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milidip_site.settings")

# Each installed app's tasks.py is found by autodiscovery; the project's own
# tasks are listed here, as the project package is no installed app.
app = Celery("milidip_site", include=["milidip_site.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
