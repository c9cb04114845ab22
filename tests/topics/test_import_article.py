"""import_article: a raw article becomes an AI-generated Source and draft topics."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from editorial.models import PublicationStatus
from topics.models import Citation, Reliability, Source, Topic

pytestmark = pytest.mark.django_db

SEEDS = sorted((Path(settings.BASE_DIR) / "fixtures" / "seeds").glob("*.txt"))
BOILERPLATE = [
    "See also",
    "Scroll to Top",
    "generated with the assistance of Artificial Intelligence",
    "generated with AI support",
]


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_article", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Source.objects.values_list("pk", "title", "slug", "updated_at")),
        list(Topic.objects.values_list("pk", "title", "slug", "body", "updated_at")),
        list(Citation.objects.values_list("pk", "source_id", "topic_id", "locator")),
    )


def test_all_five_seeds_are_there():
    assert [p.name[:3] for p in SEEDS] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_each_seed_becomes_an_ai_source_and_draft_topics(seed):
    output = run(seed)
    source = Source.objects.get()
    assert source.identifier == seed.name
    assert source.reliability == Reliability.AI_GENERATED
    topics = list(Topic.objects.all())
    assert len(topics) >= 14
    assert f"{len(topics)} draft topic(s) created" in output
    assert {t.status for t in topics} == {PublicationStatus.DRAFT}
    assert not Topic.objects.published().exists()
    for topic in topics:
        citation = topic.citations.get()
        assert (citation.source, citation.locator) == (source, topic.title)
        assert citation.verification == "unverified"
        assert topic.summary and topic.body
        for text in BOILERPLATE:
            assert text not in topic.body, (topic.title, text)
            assert text not in topic.title
    assert set(Topic.objects.backed_only_by_ai()) == set(topics)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_importing_a_seed_twice_changes_nothing(seed):
    run(seed)
    before = snapshot()
    output = run(seed)
    assert snapshot() == before
    assert "0 draft topic(s) created" in output


def test_first_seed_is_split_at_its_headings_without_boilerplate():
    run(SEEDS[0])
    source = Source.objects.get()
    assert source.title == (
        "Understanding the Role of Military Diplomacy in Global Relations"
    )
    assert "AI assistance" in source.note
    titles = list(Topic.objects.order_by("position").values_list("title", flat=True))
    assert titles[:4] == [
        "Understanding the Role of Military Diplomacy in Global Relations",
        "The Historical Context of Military Diplomacy",
        "Defining Military Diplomacy",
        "Scope and Objectives",
    ]
    assert "The Significance of Military Diplomacy Today" in titles
    assert not any(t.startswith("See also") for t in titles)
    intro = Topic.objects.get(position=0)
    assert intro.body.startswith("Military diplomacy serves as a pivotal element")
    assert "Note: This article" not in intro.body
    challenges = Topic.objects.get(title="Challenges Facing Military Diplomacy")
    assert (
        "- Geopolitical tensions that complicate alliances and negotiations.\n"
        "- Domestic political pressures" in challenges.body
    )


def test_numbered_lists_stay_numbered():
    run(SEEDS[3])
    evaluation = Topic.objects.get(
        title="Evaluating the Effectiveness of Military Engagement in Diplomatic Missions"
    )
    assert "1. Duration of peace achieved post-engagement." in evaluation.body
    assert "\n2. Reduction in hostilities" in evaluation.body


def test_all_seeds_together_get_unique_slugs_and_reimport_adds_nothing():
    for seed in SEEDS:
        run(seed)
    assert Source.objects.count() == 5
    slugs = list(Topic.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert (
        Topic.objects.filter(title="Future Trends in Military Diplomacy").count() == 3
    )
    before = snapshot()
    for seed in SEEDS:
        run(seed)
    assert snapshot() == before


def test_an_articles_sources_share_a_title_but_not_a_slug():
    run(SEEDS[2])
    run(SEEDS[4])
    assert {s.title for s in Source.objects.all()} == {
        "Understanding Military Diplomacy"
    }
    assert Source.objects.values("slug").distinct().count() == 2


def test_imports_are_in_the_revision_history():
    from reversion.models import Version

    run(SEEDS[1])
    topic = Topic.objects.first()
    version = Version.objects.get_for_object(topic).get()
    assert version.revision.comment == f"Imported from {SEEDS[1].name}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n \t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 20 + b"Heading\nText.\n", "binary file"),
        ("Défense\nUne phrase.\n".encode("latin-1"), r"not valid UTF-8 \(byte 0xe9"),
        (b"only sentences here.\nand more of them.\n", "no headings"),
    ],
    ids=["empty", "blank", "png", "control-characters", "latin-1", "no-headings"],
)
def test_bad_files_get_a_clear_error_and_change_nothing(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Source.objects.exists() and not Topic.objects.exists()


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(SEEDS[0].read_bytes() * 50)
    with pytest.raises(CommandError, match="over the 1,000,000-byte limit"):
        run(path)
    with pytest.raises(CommandError, match="over the 1,000-byte limit"):
        run(SEEDS[0], "--max-bytes", "1000")
    assert not Source.objects.exists()


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.txt")
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path)  # a directory


def test_a_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfDefence Attach\xc3\xa9s\nThey report.\n")
    run(path)
    assert Topic.objects.get().title == "Defence Attachés"
