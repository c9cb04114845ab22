"""make_release: a valid Data Package of exactly the published content, checksummed,
never overwritten, that loads back into an empty database unchanged."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from frictionless import Package

from casestudies.models import Actor, CaseStudy, Participation
from releases.build import make_release
from releases.package import CHECKSUMS, DESCRIPTOR
from releases.tables import TABLES, content_hash, public_tables
from tests.factories import CitationFactory
from topics.models import Citation, Source, Topic

from .conftest import open_release

pytestmark = pytest.mark.django_db


def test_a_release_of_the_demo_content_is_a_valid_data_package(demo_content, tmp_path):
    release = make_release("2026.1")
    open_release(release).extractall(tmp_path / "release")

    report = Package(str(tmp_path / "release" / DESCRIPTOR)).validate()

    assert report.valid, report.flatten(["resourceName", "type", "message"])[:5]
    descriptor = json.loads((tmp_path / "release" / DESCRIPTOR).read_text())
    assert descriptor["version"] == "2026.1"
    assert descriptor["created"].startswith(release.created_at.date().isoformat())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    tables = {r["name"]: r for r in descriptor["resources"] if "schema" in r}
    assert {t.name for t in TABLES} <= set(tables)
    assert tables["participations"]["schema"]["primaryKey"] == [
        "case_study",
        "actor",
        "role",
    ]
    assert {
        fk["reference"]["resource"]
        for fk in tables["citations"]["schema"]["foreignKeys"]
    } == {"sources", "topics", "case_studies"}
    assert release.counts == {
        "topics": Topic.objects.published().count(),
        "case_studies": CaseStudy.objects.published().count(),
        "actors": Actor.objects.filter(participations__isnull=False).distinct().count(),
        "participations": Participation.objects.count(),
        "sources": Source.objects.filter(citations__isnull=False).distinct().count(),
        "citations": Citation.objects.count(),
    }


def test_frictionless_finds_a_broken_foreign_key(demo_content, tmp_path):
    # The validation above can fail: a participation naming an unknown actor.
    release = make_release("2026.1")
    folder = tmp_path / "release"
    open_release(release).extractall(folder)
    path = folder / "data" / "participations.csv"
    header, first, *rest = path.read_bytes().decode().split("\r\n")
    case_study, _actor, *others = first.split(",")
    path.write_bytes(
        "\r\n".join([header, ",".join([case_study, "nobody", *others]), *rest]).encode()
    )

    report = Package(str(folder / DESCRIPTOR)).validate()

    assert not report.valid
    types = {error.type for task in report.tasks for error in task.errors}
    assert "foreign-key" in types and "hash-count" in types


def test_the_checksums_match_every_file(demo_content):
    release = make_release("2026.1")
    archive = open_release(release)

    listed = dict(
        reversed(line.split("  ", 1))
        for line in archive.read(CHECKSUMS).decode().splitlines()
    )

    assert set(listed) == set(archive.namelist()) - {CHECKSUMS}
    for path, digest in listed.items():
        assert hashlib.sha256(archive.read(path)).hexdigest() == digest
    with release.file.open("rb") as stored:
        data = stored.read()
    assert hashlib.sha256(data).hexdigest() == release.sha256
    assert len(data) == release.size
    assert {"bibliography/sources.bib", "bibliography/sources.csl.json"} <= set(listed)
    assert "@" in archive.read("bibliography/sources.bib").decode()


def test_the_release_loads_back_into_an_empty_database(demo_content, tmp_path):
    release = make_release("2026.1")
    path = tmp_path / release.filename
    with release.file.open("rb") as stored:
        path.write_bytes(stored.read())
    with pytest.raises(CommandError, match="already has content"):
        call_command("load_release", str(path))

    Citation.objects.all().delete()
    Participation.objects.all().delete()
    CaseStudy.objects.all().delete()
    Topic.objects.update(parent=None)
    Topic.objects.all().delete()
    Actor.objects.all().delete()
    Source.objects.all().delete()
    call_command("load_release", str(path), verbosity=0)

    tables = public_tables()
    assert {name: len(rows) for name, rows in tables.items()} == release.counts
    assert content_hash(tables) == release.content_sha256
    # Even the timestamps come back.
    with open_release(release) as archive:
        stored_topics = json.loads(archive.read("data/topics.json"))
    assert tables["topics"] == stored_topics
    # The citations kept their numbers; a new one takes the next free number.
    assert CitationFactory(topic=Topic.objects.first()).pk > max(
        row["id"] for row in tables["citations"]
    )


def test_a_damaged_file_is_refused_by_load_release(demo_content, tmp_path):
    release = make_release("2026.1")
    path = tmp_path / "damaged.zip"
    import zipfile

    with open_release(release) as source, zipfile.ZipFile(path, "w") as copy:
        for name in source.namelist():
            data = source.read(name)
            if name == "data/topics.json":
                data = data.replace(b'"title": "', b'"title": "X', 1)
            copy.writestr(name, data)

    with pytest.raises(CommandError, match="data/topics.json: checksum differs"):
        call_command("load_release", str(path))
