"""`load_demo_content` seeds an empty database and never touches an edited one."""

import pytest
from django.core.management import call_command

from topics.models import Topic

pytestmark = pytest.mark.django_db


def test_load_demo_content_never_overwrites_existing_content(capsys):
    call_command("load_demo_content")
    assert "Loaded seed content" in capsys.readouterr().out
    topic = Topic.objects.first()
    topic.title = "Edited by an editor"
    topic.save()
    call_command("load_demo_content")
    assert "nothing loaded" in capsys.readouterr().out
    topic.refresh_from_db()
    assert topic.title == "Edited by an editor"
