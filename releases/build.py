"""Making a release: snapshot the public content, compare, store, record.

`make_release` is a plain function so that a command, the admin or a
background task can run it alike.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .changes import compare, notes_text
from .models import Release
from .package import build_files, sha256, zip_files
from .reading import release_tables
from .tables import TABLES, content_hash, public_tables
from .versions import validate_version

STORAGE_FOLDER = "releases"


class ReleaseRefused(Exception):
    """The release cannot be made as asked; the message says why."""


def storage_name(version: str) -> str:
    return f"{STORAGE_FOLDER}/milidip-{version}.zip"


def snapshot() -> dict[str, list[dict]]:
    """The public tables as of one moment, though read in several queries.

    On PostgreSQL a repeatable-read transaction (when this starts it) keeps an
    item published meanwhile out of some tables and in others.
    """
    if connection.in_atomic_block:
        return public_tables()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return public_tables()


def check_version(version: str) -> None:
    """Refuse a malformed version, or one that is taken (as a row or a file)."""
    try:
        validate_version(version)
    except ValidationError as error:
        raise ReleaseRefused(error.messages[0]) from error
    if Release.objects.filter(version=version).exists():
        raise ReleaseRefused(f"Release {version} exists already; choose a new version.")
    name = storage_name(version)
    if Release._meta.get_field("file").storage.exists(name):
        raise ReleaseRefused(
            f"A file for release {version} exists already in storage ({name}); "
            "it is never overwritten."
        )


def make_release(version: str, *, notes: str = "", user=None) -> Release:
    """Build, store and record release `version`; never overwrites anything."""
    check_version(version)
    storage = Release._meta.get_field("file").storage
    name = storage_name(version)
    created = timezone.now().replace(microsecond=0)
    tables = snapshot()
    previous = Release.objects.newest_first().first()
    changes = {"tables": {}, "corrections": []}
    if previous is None:
        generated = "The first release."
    else:
        try:
            changes = compare(release_tables(previous), tables)
            generated = notes_text(changes, previous_version=previous.version)
        except (OSError, zipfile.BadZipFile, KeyError):
            # A lost file must not stop every later release; say so instead.
            generated = (
                f"The file of release {previous.version} could not be read: "
                "no list of changes."
            )
    files = build_files(tables, version=version, created=created)
    data = zip_files(files, created)
    release = Release(
        version=version,
        created_by=user if getattr(user, "pk", None) else None,
        counts={table.name: len(tables[table.name]) for table in TABLES},
        size=len(data),
        sha256=sha256(data),
        content_sha256=content_hash(tables),
        notes="\n\n".join(part for part in (notes.strip(), generated) if part),
        changes=changes,
    )
    try:
        with transaction.atomic():
            release.save()
            Release.objects.filter(pk=release.pk).update(created_at=created)
            release.created_at = created
            stored = storage.save(name, ContentFile(data))
            if stored != name:  # someone stored this version meanwhile
                storage.delete(stored)
                raise ReleaseRefused(f"Release {version} is being made elsewhere.")
            release.file.name = stored
            release.save(update_fields=["file"])
    except IntegrityError as error:
        raise ReleaseRefused(
            f"Release {version} exists already; choose a new version."
        ) from error
    return release
