"""A whole-site ``dumpdata`` loads into a freshly migrated database.

The commands are the ones the README gives operators. The search index is left
out of the dump (it is derived data; the database router keeps it out of
dumpdata and loaddata) and rebuilt by the triggers as the content loads.
"""

import json

import pytest

from tests.ops.scratch import command_env, manage, scratch_database, seed, snapshot

# The README's commands, word for word.
DUMP = [
    "dumpdata",
    "--natural-foreign",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--indent=1",
]

# Rows that refer to content types, permissions and users, beyond the seed.
EDITORIAL_HISTORY = """
import reversion
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from knox.models import AuthToken

editor = User.objects.create_user("editor", password="a-long-password-for-the-dump")
editor.groups.add(Group.objects.get(name="Editors"))
editor.user_permissions.add(Permission.objects.get(codename="verify_citation"))
AuthToken.objects.create(editor)
topic = apps.get_model("topics", "Topic").objects.order_by("pk")[0]
with reversion.create_revision():
    reversion.set_user(editor)
    topic.title += " (revised)"
    topic.save()
"""


@pytest.mark.slow
def test_whole_site_dump_loads_into_a_freshly_migrated_database(tmp_path):
    dump = tmp_path / "site.json"
    with (
        scratch_database("export", tmp_path) as source_url,
        scratch_database("import", tmp_path) as target_url,
    ):
        source = command_env(source_url)
        seed(source, then=EDITORIAL_HISTORY)
        manage(source, *DUMP, f"--output={dump}")
        exported = snapshot(source)

        models = {row["model"] for row in json.loads(dump.read_text())}
        assert "search.searchdocument" not in models
        assert {"topics.topic", "casestudies.casestudy", "auth.user"} <= models

        target = command_env(target_url)
        manage(target, "migrate", "--noinput", "-v0")
        manage(target, "loaddata", str(dump))
        imported = snapshot(target)

    assert imported["counts"] == exported["counts"]
    assert imported["counts"]["reversion_version"] >= 1
    assert imported["counts"]["auth_user_groups"] == 1
    assert imported["content_sha256"] == exported["content_sha256"]
    assert imported["search"] == exported["search"]
    assert imported["search"]["kosovo"]


@pytest.mark.django_db
def test_dumpdata_leaves_the_derived_search_index_out():
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import TopicFactory

    TopicFactory(title="Defence attachés")
    out = StringIO()
    call_command("dumpdata", "--natural-foreign", "--exclude=contenttypes", stdout=out)
    models = {row["model"] for row in json.loads(out.getvalue())}
    assert "topics.topic" in models
    assert "search.searchdocument" not in models
