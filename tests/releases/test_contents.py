"""What a release holds (published content only) and how versions are guarded."""

import pytest
from django.core.management import CommandError, call_command

from releases.build import ReleaseRefused, make_release
from releases.models import Release
from releases.tables import public_tables
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)

from .conftest import open_release

pytestmark = pytest.mark.django_db


def test_no_draft_reaches_a_release():
    published = TopicFactory(title="Public topic")
    draft_parent = TopicFactory(title="Zqxhidden parent", draft=True)
    child = TopicFactory(title="Public child", parent=draft_parent)
    in_review = TopicFactory(title="Zqxhidden review", in_review=True)
    scheduled = TopicFactory(title="Zqxhidden scheduled", scheduled=True)
    published.related.add(in_review)
    draft_case = CaseStudyFactory(
        title="Zqxhidden case", draft=True, topics=[published]
    )
    public_case = CaseStudyFactory(title="Public case", topics=[published, scheduled])
    ParticipationFactory(
        case_study=draft_case, actor=ActorFactory(name="Zqxhidden actor")
    )
    ParticipationFactory(
        case_study=public_case, actor=ActorFactory(name="Public actor")
    )
    CitationFactory(topic=in_review, source=SourceFactory(title="Zqxhidden source"))
    CitationFactory(
        topic=None,
        case_study=draft_case,
        source=SourceFactory(title="Zqxhidden source 2"),
    )
    CitationFactory(topic=child, source=SourceFactory(title="Public source"))

    release = make_release("2026.1")

    with open_release(release) as archive:
        text = "\n".join(
            archive.read(name).decode("utf-8") for name in archive.namelist()
        ).lower()
    assert "zqxhidden" not in text
    assert "public-topic" in text and "public-actor" in text
    assert "public-source" in text and "public-case" in text
    rows = public_tables()
    assert [t["parent"] for t in rows["topics"] if t["slug"] == "public-child"] == [
        None
    ]
    assert release.counts == {
        "topics": 2,
        "case_studies": 1,
        "actors": 1,
        "participations": 1,
        "sources": 1,
        "citations": 1,
    }


def test_a_version_is_made_once_and_never_overwritten(media_root):
    TopicFactory()
    first = make_release("2026.1")
    stored = (media_root / first.file.name).read_bytes()
    TopicFactory()

    with pytest.raises(CommandError, match="exists already"):
        call_command("make_release", "2026.1")

    assert (media_root / first.file.name).read_bytes() == stored
    assert Release.objects.count() == 1
    assert sorted(p.name for p in (media_root / "releases").iterdir()) == [
        "milidip-2026.1.zip"
    ]


def test_a_file_left_in_storage_is_not_overwritten(media_root):
    TopicFactory()
    (media_root / "releases").mkdir(parents=True)
    (media_root / "releases" / "milidip-2026.1.zip").write_bytes(b"someone's file")

    with pytest.raises(ReleaseRefused, match="never overwritten"):
        make_release("2026.1")

    assert (media_root / "releases" / "milidip-2026.1.zip").read_bytes() == (
        b"someone's file"
    )
    assert not Release.objects.exists()


@pytest.mark.parametrize(
    "version", ["1.0", "2026", "2026.01", "v2026.1", "2026.1.", ""]
)
def test_a_malformed_version_is_refused(version):
    with pytest.raises(CommandError, match="is not a release version"):
        call_command("make_release", version)
    assert not Release.objects.exists()


@pytest.mark.parametrize("version", ["2026.1", "2026.12", "2027.0.3"])
def test_well_formed_versions_are_accepted(version):
    TopicFactory()
    call_command("make_release", version, "--notes", "Hello.", verbosity=0)
    release = Release.objects.get(version=version)
    assert release.notes.startswith("Hello.\n\nThe first release.")
