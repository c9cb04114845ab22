"""The curated seed content: loads cleanly, cites every seed, quotes them faithfully."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from casestudies.models import Actor, CaseStudy, Participation
from topics.models import MAX_TOPIC_DEPTH, Citation, Reliability, Source, Topic

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
MAX_QUOTE_WORDS = 25

pytestmark = pytest.mark.django_db


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker):
    """The demo fixture, loaded once for every test here that only reads it.

    It is loaded inside a transaction that is rolled back after the last test
    of this module, so no other module ever sees it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "demo_content", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_content(demo_database, db):
    """Each test runs in its own savepoint inside the loaded database."""


def seed_files():
    return sorted(SEEDS.glob("*.txt"))


def test_seed_copies_match_the_shared_originals():
    assert len(seed_files()) == 5
    if SHARED_SEEDS.is_dir():
        for path in seed_files():
            assert path.read_bytes() == (SHARED_SEEDS / path.name).read_bytes()


def test_every_object_passes_model_validation(demo_content):
    for model in (Source, Topic, Actor, CaseStudy, Participation, Citation):
        objects = list(model.objects.all())
        assert objects, f"no {model.__name__} in the fixtures"
        for obj in objects:
            obj.full_clean()


def test_every_seed_is_a_cited_ai_generated_source(demo_content):
    for path in seed_files():
        source = Source.objects.get(identifier=path.name)
        assert source.reliability == Reliability.AI_GENERATED
        assert source.note, "the AI notice belongs in the source's note"
        assert source.citations.exists(), f"{path.name} is never cited"


def test_every_published_item_has_citations(demo_content):
    for case in CaseStudy.objects.published():
        assert case.citations.exists(), case.slug
        assert case.participations.exists(), case.slug
        assert case.topics.exists(), case.slug
    for topic in Topic.objects.published():
        assert topic.citations.exists(), topic.slug


def test_topic_tree_is_within_depth(demo_content):
    assert max(topic.depth() for topic in Topic.objects.all()) <= MAX_TOPIC_DEPTH


def test_seed_quotes_are_verbatim_and_short_and_located_at_headings(demo_content):
    texts = {path.name: path.read_text(encoding="utf-8") for path in seed_files()}
    for citation in Citation.objects.filter(
        source__identifier__in=texts
    ).select_related("source"):
        text = texts[citation.source.identifier]
        lines = {_normalise(line) for line in text.splitlines()}
        assert _normalise(citation.quote) in _normalise(text), citation.pk
        assert len(citation.quote.split()) <= MAX_QUOTE_WORDS, citation.pk
        assert _normalise(citation.locator) in lines, (citation.pk, citation.locator)


def test_disputed_citations_carry_a_correction_backed_by_a_reliable_source(
    demo_content,
):
    disputed = Citation.objects.disputed().select_related("source")
    assert disputed.exists()
    for citation in disputed:
        assert citation.verification_note.strip()
        target = citation.topic or citation.case_study
        assert target.citations.exclude(
            source__reliability=Reliability.AI_GENERATED
        ).exists(), f"no reliable source corrects citation {citation.pk}"


def test_boilerplate_is_not_in_the_content(demo_content):
    for topic in Topic.objects.all():
        assert "Scroll to Top" not in topic.body
        assert (
            "generated with the assistance of Artificial Intelligence" not in topic.body
        )


def test_loading_twice_adds_nothing(demo_content):
    counts = [m.objects.count() for m in (Source, Topic, Actor, CaseStudy, Citation)]
    call_command("loaddata", "demo_content", verbosity=0)
    assert [
        m.objects.count() for m in (Source, Topic, Actor, CaseStudy, Citation)
    ] == counts
