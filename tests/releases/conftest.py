import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction

from releases.reading import clear_cache


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its releases in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    clear_cache()
    yield settings.MEDIA_ROOT
    clear_cache()


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker):
    """The demo fixture, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "demo_content", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_content(demo_database, db):
    """Each test runs in its own savepoint inside the loaded database."""


def open_release(release) -> zipfile.ZipFile:
    with release.file.open("rb") as stored:
        data = stored.read()
    import io

    return zipfile.ZipFile(io.BytesIO(data))
