"""Restore drill: back up a seeded database, change it, restore, compare.

Runs ``manage.py dbbackup`` and ``dbrestore`` as an operator would, on the
backend the suite runs with (a scratch SQLite file, or a scratch PostgreSQL
database through pg_dump and pg_restore).
"""

import stat

import pytest

from tests.ops.scratch import command_env, manage, scratch_database, seed, snapshot

CHANGE_AFTER_BACKUP = """
from django.apps import apps

Topic = apps.get_model("topics", "Topic")
Source = apps.get_model("topics", "Source")
CaseStudy = apps.get_model("casestudies", "CaseStudy")

added = Source.objects.order_by("pk").first()
added.pk = added.id = None
added.slug, added.identifier = "added-after-the-backup", ""
added.save()
CaseStudy.objects.get(slug="nato-in-kosovo").delete()
Topic.objects.filter(pk=Topic.objects.order_by("pk")[0].pk).update(
    title="Edited after the backup"
)
"""


@pytest.mark.slow
def test_restore_brings_back_the_database_as_it_was_backed_up(tmp_path):
    backups = tmp_path / "backups"
    with scratch_database("drill", tmp_path) as url:
        env = command_env(url, DJANGO_BACKUP_DIR=backups)
        seed(env)
        backed_up = snapshot(env)

        manage(env, "dbbackup", "--noinput")
        files = [path for path in backups.iterdir() if path.suffix != ".metadata"]
        assert len(files) == 1
        # Backups hold password hashes and API tokens: the owner's only.
        assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
        assert stat.S_IMODE(backups.stat().st_mode) == 0o700

        changed = snapshot(env, after=CHANGE_AFTER_BACKUP)
        assert (
            changed["counts"]["topics_source"]
            == backed_up["counts"]["topics_source"] + 1
        )
        assert (
            changed["counts"]["casestudies_casestudy"]
            == backed_up["counts"]["casestudies_casestudy"] - 1
        )
        assert changed["content_sha256"] != backed_up["content_sha256"]
        assert "/case-studies/nato-in-kosovo/" not in changed["search"]["kosovo"]

        manage(env, "dbrestore", "--noinput")
        restored = snapshot(env)

    assert restored["counts"] == backed_up["counts"]
    assert restored["content_sha256"] == backed_up["content_sha256"]
    assert restored["search"] == backed_up["search"]
    assert "/case-studies/nato-in-kosovo/" in restored["search"]["kosovo"]
