"""The curated seed content: loads cleanly, cites every seed, quotes them faithfully."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from casestudies.models import Actor, CaseStudy, Outcome, Participation, Role
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


# Quotations of a few words in a body are the seeds' own words, except these
# quotations of treaties, which the body names.
QUOTED_ELSEWHERE = {"in accordance with its constitutional processes"}
QUOTATION = re.compile(r'"([^"]+)"|“([^”]+)”')


def _plain(text: str) -> str:
    return _normalise(text.replace("’", "'").replace("‘", "'")).lower()


def test_quotations_in_bodies_are_exact(demo_content):
    seeds = _plain(" ".join(p.read_text(encoding="utf-8") for p in seed_files()))
    items = [*Topic.objects.all(), *CaseStudy.objects.all()]
    checked = 0
    for item in items:
        for match in QUOTATION.finditer(f"{item.summary}\n{item.body}"):
            quoted = _plain(match.group(1) or match.group(2))
            if len(quoted.split()) < 3 or quoted in QUOTED_ELSEWHERE:
                continue  # scare quotes and terms ("2+2", "agreed locations")
            checked += 1
            assert quoted in seeds, (item.slug, quoted)
    assert checked >= 10


def test_readers_never_see_the_word_seed_in_the_content(demo_content):
    seed = re.compile(r"\bseeds?\b", re.IGNORECASE)
    texts = [
        *(f"{t.title} {t.summary} {t.body}" for t in Topic.objects.all()),
        *(
            f"{c.title} {c.summary} {c.body} {c.metrics_note}"
            for c in CaseStudy.objects.all()
        ),
        *(
            f"{c.claim} {c.locator} {c.quote} {c.verification_note}"
            for c in Citation.objects.all()
        ),
        *(f"{s.title} {s.note}" for s in Source.objects.all()),
        *(f"{a.name} {a.description}" for a in Actor.objects.all()),
        *(p.note for p in Participation.objects.all()),
    ]
    assert not [text for text in texts if seed.search(text)]


# Each correction of issue 11: (topic or case study, the source whose citation
# carries it, words of that citation's claim, words of the corrected text).
CORRECTIONS = [
    ("nato-in-kosovo", "unhcr-2000-state-of-the-worlds-refugees", "850,000", "850,000"),
    ("peacekeeping", "unsc-resolution-816-1993", "12 April 1993", "Deny Flight"),
    ("un-peacekeeping", "unga-resolution-1000-es-i-1956", "General Assembly", "UNEF"),
    (
        "occupation-and-reconstruction-of-japan",
        "treaty-of-peace-with-japan-1951",
        "28 April 1952",
        "28 April 1952",
    ),
    ("isaf-in-afghanistan", "us-taliban-doha-agreement-2020", "15 August 2021", "Doha"),
    ("eu-defence-initiatives", "treaty-of-lisbon-2007", "ESDP", "ESDP"),
]


def _target(slug):
    return Topic.objects.filter(slug=slug).first() or CaseStudy.objects.get(slug=slug)


@pytest.mark.parametrize(("slug", "source", "claim", "text"), CORRECTIONS)
def test_each_correction_is_in_the_text_and_carried_by_a_reliable_citation(
    demo_content, slug, source, claim, text
):
    item = _target(slug)
    carrying = item.citations.filter(source__slug=source)
    assert carrying.exclude(source__reliability=Reliability.AI_GENERATED).exists()
    assert any(claim in c.claim for c in carrying), (slug, source)
    assert text in f"{item.summary} {item.body}"


def test_kosovo_puts_the_mass_expulsion_after_the_bombing_began(demo_content):
    body = CaseStudy.objects.get(slug="nato-in-kosovo").body
    assert body.index("24 March 1999") < body.index("850,000")


def test_japan_treaty_article_v_is_paraphrased_in_full(demo_content):
    body = CaseStudy.objects.get(slug="us-japan-security-alliance").body
    assert "constitutional provisions and processes" in _normalise(body)


def test_new_corrections_without_a_checked_quote_stay_unverified(demo_content):
    for slug in {source for _, source, _, _ in CORRECTIONS} - {
        "treaty-of-peace-with-japan-1951"
    }:
        for citation in Citation.objects.filter(source__slug=slug):
            assert citation.quote == ""
            assert citation.verification == "unverified"


@pytest.mark.parametrize("pk", [52, 268, 269, 273, 297, 299])
def test_overstated_outcomes_and_wrong_organisations_are_disputed(demo_content, pk):
    citation = Citation.objects.get(pk=pk)
    assert citation.verification == "disputed"
    assert citation.verification_note.strip()


def test_the_pesco_claim_is_imprecise_rather_than_disputed(demo_content):
    citation = Citation.objects.get(pk=292)
    assert citation.verification == "unverified"
    assert citation.verification_note.startswith("Imprecise")


def test_no_case_study_uses_ongoing_as_its_outcome(demo_content):
    assert not CaseStudy.objects.filter(outcome="ongoing").exists()
    rated = set(CaseStudy.objects.published().values_list("outcome", flat=True))
    assert rated <= set(Outcome.values)
    assert {"too_early", "not_assessed"} <= rated


def test_parties_to_a_mediated_conflict_are_not_called_adversaries(demo_content):
    mediated = CaseStudy.objects.filter(participations__role=Role.MEDIATOR)
    assert mediated.exists()
    for case in mediated.distinct():
        roles = set(case.participations.values_list("role", flat=True))
        assert Role.ADVERSARY not in roles, case.slug


def test_every_actor_has_a_description(demo_content):
    assert not Actor.objects.filter(description="").exists()


@pytest.mark.parametrize(
    ("case", "actor"),
    [
        ("global-coalition-against-daesh", "daesh"),
        ("isaf-in-afghanistan", "taliban"),
        ("us-south-korea-alliance", "un-command"),
        ("central-african-republic-crisis-response", "eccas"),
    ],
)
def test_the_missing_actors_take_part_in_their_cases(demo_content, case, actor):
    assert Participation.objects.filter(
        case_study__slug=case, actor__slug=actor
    ).exists()


def test_every_topic_and_case_study_cites_a_source_that_is_not_ai_generated(
    demo_content,
):
    for model in (Topic, CaseStudy):
        resting_on_ai_only = model.objects.exclude(
            citations__in=Citation.objects.exclude(
                source__reliability=Reliability.AI_GENERATED
            )
        )
        assert not list(resting_on_ai_only.values_list("slug", flat=True))


def test_every_verified_citation_is_pinned_to_a_locator(demo_content):
    assert not list(
        Citation.objects.filter(verification="verified", locator="").values_list(
            "pk", flat=True
        )
    )


def _prose_words(body: str) -> int:
    body = re.sub(r"\[\^[^\]]+\]", "", body)
    return len(re.sub(r"^#+ .*$", "", body, flags=re.MULTILINE).split())


# Each flagship case's military-diplomatic core: the events its body must tell.
FLAGSHIPS = {
    "nato-in-kosovo": ["6 May 1999", "Ahtisaari", "Chernomyrdin", "Kumanovo", "1244"],
    "isaf-in-afghanistan": ["1 December 2009", "Lisbon", "29 February 2020"],
    "us-japan-security-alliance": ["1951", "1960", "Senkaku", "Article V", "2015"],
    "china-military-diplomacy-and-the-belt-and-road": [
        "Gulf of Aden",
        "December 2008",
        "Djibouti",
        "2017",
    ],
    "central-african-republic-crisis-response": [
        "ECCAS",
        "MICOPAX",
        "MISCA",
        "MINUSCA",
    ],
}


@pytest.mark.parametrize(("slug", "events"), FLAGSHIPS.items())
def test_flagship_cases_tell_their_military_diplomacy_in_depth(
    demo_content, slug, events
):
    case = CaseStudy.objects.get(slug=slug)
    assert _prose_words(case.body) >= 500
    for event in events:
        assert event in case.body, (slug, event)
    cited = case.citations.exclude(source__reliability=Reliability.AI_GENERATED)
    assert cited.count() >= 4


def test_inline_references_name_citations_of_the_same_item(demo_content):
    referenced = 0
    for item in [*Topic.objects.all(), *CaseStudy.objects.all()]:
        keys = set(item.citations.exclude(key="").values_list("key", flat=True))
        used = set(re.findall(r"\[\^([A-Za-z0-9_-]+)\]", item.body))
        assert used <= keys, (item.slug, used - keys)
        referenced += len(used)
    assert referenced >= 150


def test_the_deterrence_topic_sits_under_military_power_and_cites_its_sources(
    demo_content,
):
    topic = Topic.objects.get(slug="deterrence-reassurance-and-signalling")
    assert topic.parent.slug == "military-power-and-foreign-policy"
    assert {"schelling-1966-arms-and-influence", "north-atlantic-treaty"} <= set(
        topic.citations.values_list("source__slug", flat=True)
    )
