"""Transition and SlugHistory moved from topics to editorial without losing a row.

A scratch database (its own SQLite file, in subprocesses) is migrated to the
state before the move, given rows the old way, then migrated forward.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

BEFORE_THE_MOVE = """
from django.db import connection
with connection.cursor() as cursor:
    # migrate made the content types of that state: the models under topics.
    cursor.execute("SELECT app_label FROM django_content_type WHERE model = 'transition'")
    assert cursor.fetchall() == [("topics",)]
    cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'topics' AND model = 'topic'")
    topic_type = cursor.fetchone()[0]
    cursor.execute(
        "INSERT INTO topics_transition (content_type_id, object_id, from_status, "
        "to_status, at, note) VALUES (%s, 7, 'draft', 'in_review', '2026-01-01', "
        "'Submitted before the move')", [topic_type])
    cursor.execute(
        "INSERT INTO topics_slughistory (content_type_id, object_id, old_slug, "
        "created_at) VALUES (%s, 7, 'peace-keeping', '2026-01-01')", [topic_type])
"""

AFTER_THE_MOVE = """
import json
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from editorial.models import SlugHistory, Transition
transition, slug = Transition.objects.get(), SlugHistory.objects.get()
print(json.dumps({
    "note": transition.note,
    "targets": [transition.object_id, slug.object_id],
    "old_slug": slug.old_slug,
    "tables": sorted(t for t in connection.introspection.table_names()
                     if t.endswith(("transition", "slughistory"))),
    "moved_type": ContentType.objects.filter(model="transition")
        .values_list("app_label", flat=True).get(),
}))
"""


def manage(*args, database):
    env = {**os.environ, "DATABASE_URL": database, "DJANGO_ENV_FILE": ""}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def test_rows_written_before_the_move_are_there_after_it(tmp_path):
    database = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    manage(
        "migrate",
        "topics",
        "0002_workflow_transitions_slug_history_review_by",
        "-v0",
        database=database,
    )
    manage("shell", "-c", BEFORE_THE_MOVE, database=database)

    manage("migrate", "-v0", database=database)
    output = manage("shell", "-c", AFTER_THE_MOVE, database=database)
    after = json.loads(output.strip().splitlines()[-1])

    assert after == {
        "note": "Submitted before the move",
        "targets": [7, 7],
        "old_slug": "peace-keeping",
        "tables": ["editorial_slughistory", "editorial_transition"],
        # The model's content type (and so its permissions) moved with it.
        "moved_type": "editorial",
    }
