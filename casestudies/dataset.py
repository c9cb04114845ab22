"""A large, realistic, reproducible dataset for measuring the site at scale.

`generate()` writes topics (a three-level tree), sources, actors, case studies
with their actors and topics, and citations, in batches with ``bulk_create``.
The same seed gives the same content. Most rows are published; a share are
drafts or in review, so the public/draft split is exercised too. Actors and
sources are picked with a long-tailed distribution, as in real content (a few
actors take part in thousands of cases, most in a handful). The search index
follows through its database triggers.
"""

import itertools
import random
import sys
import time
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from editorial.models import PublicationStatus
from topics.models import Citation, Reliability, Source, SourceKind, Topic
from topics.models import VerificationStatus as Verification

from .models import (
    Actor,
    ActorKind,
    CaseStudy,
    MetricRating,
    Outcome,
    Participation,
    Region,
    Role,
    YearPrecision,
)


@dataclass(frozen=True)
class Sizes:
    case_studies: int = 100_000
    citations: int = 1_000_000
    actors: int = 5_000
    topics: int = 2_000
    sources: int = 20_000

    def scaled(self, factor: float) -> "Sizes":
        return Sizes(
            **{
                f.name: max(1, round(getattr(self, f.name) * factor))
                for f in fields(self)
            }
        )


FULL_SIZE = Sizes()
BATCH = 2_000
# Published rows become public over the year before this (fixed, for a stable seed).
PUBLISHED_BEFORE = datetime(2026, 1, 1, tzinfo=UTC)

MECHANISMS = [
    "Defence attachés", "Joint exercises", "Peacekeeping", "Mediation",
    "Capacity building", "Arms control", "Military education", "Port visits",
    "Security assistance", "Confidence-building measures", "Disaster relief",
    "Maritime security", "Border commissions", "Defence treaties", "Ceasefire monitoring",
    "Security sector reform", "Naval diplomacy", "Military observers",
    "Defence industry cooperation", "Staff talks",
]  # fmt: skip
QUALIFIERS = [
    "bilateral", "multilateral", "regional", "maritime", "civil-military",
    "post-conflict", "coalition", "humanitarian", "strategic", "cross-border",
]  # fmt: skip
PLACES = [
    "the Balkans", "the Sahel", "the Gulf", "the Baltic", "the Horn of Africa",
    "the South China Sea", "Central America", "the Caucasus", "the Great Lakes",
    "the Levant", "the Andes", "the Arctic", "the Pacific Islands", "Central Asia",
    "the Mediterranean", "West Africa", "the Korean Peninsula", "the Black Sea",
]  # fmt: skip
ACTIONS = [
    "Peace support mission", "Joint naval exercise", "Ceasefire mediation",
    "Training mission", "Defence cooperation agreement", "Observer mission",
    "Security assistance programme", "Disarmament talks", "Border demarcation",
    "Humanitarian corridor", "Officer exchange", "Maritime patrol agreement",
]  # fmt: skip
NAMES = [
    "Avalon", "Borea", "Calder", "Dunmore", "Estrel", "Farland", "Galen", "Hesper",
    "Istria", "Jorvik", "Kestrel", "Lorian", "Meridia", "Norland", "Ostara",
    "Perrin", "Quilla", "Rosmar", "Sarn", "Tavia", "Ulmen", "Varda", "Westmark",
    "Ysolde", "Zenith",
]  # fmt: skip
ACTOR_FORMS = {
    ActorKind.STATE: "Republic of {}",
    ActorKind.ALLIANCE: "{} Defence Pact",
    ActorKind.INTERNATIONAL_ORG: "{} Security Council",
    ActorKind.REGIONAL_ORG: "{} Regional Forum",
    ActorKind.NGO: "{} Peace Initiative",
}
WORDS = (
    "armed forces diplomacy alliance treaty officers exercise mission ceasefire "
    "mediation training observers security cooperation defence ministers talks "
    "navy army air force border region partners agreement deployment trust "
    "dialogue verification monitoring logistics humanitarian relief envoy"
).split()

RELIABILITY_WEIGHTS = {
    Reliability.PRIMARY: 15,
    Reliability.OFFICIAL: 20,
    Reliability.SCHOLARLY: 30,
    Reliability.JOURNALISM: 20,
    Reliability.REFERENCE: 10,
    Reliability.AI_GENERATED: 5,
}
VERIFICATION_WEIGHTS = {
    Verification.UNVERIFIED: 60,
    Verification.VERIFIED: 37,
    Verification.DISPUTED: 3,
}
PUBLISHED_SHARE = 0.95


class Progress:
    """One line per stage, rewritten as batches go by; elapsed time since the start."""

    def __init__(self, out=None):
        self.out = out or sys.stderr
        self.started = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int, final: bool = False) -> None:
        elapsed = time.perf_counter() - self.started
        end = "\n" if final else "\r"
        self.out.write(f"{stage:<16} {done:>9,}/{total:,}  {elapsed:7.1f} s{end}")
        self.out.flush()


def _batched(rows, size=BATCH):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _create(model, rows, total, stage, progress) -> list:
    """bulk_create in batches, one transaction per batch; returns the saved rows."""
    saved = []
    for batch in _batched(rows):
        with transaction.atomic():
            saved.extend(model.objects.bulk_create(batch))
        if progress:
            progress(stage, len(saved), total)
    if progress:
        progress(stage, len(saved), total, final=True)
    return saved


def _insert(model, names, rows, total, stage, progress) -> int:
    """Plain INSERTs of value tuples for the big link tables: no model instances.

    ``names`` are field names; created_at/updated_at, when the model has them,
    are added with the current time. Several times faster than bulk_create.
    """
    opts = model._meta
    stamps = [
        f for f in ("created_at", "updated_at") if any(f == x.name for x in opts.fields)
    ]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Columns the rows do not give take their model default (fields added later
    # need no change here).
    defaulted = [
        f
        for f in opts.concrete_fields
        if f.name not in {*names, *stamps}
        and not f.primary_key
        and (f.has_default() or (f.empty_strings_allowed and not f.null))
    ]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in defaulted]
    columns = [opts.get_field(name).column for name in [*names, *stamps]]
    columns += [f.column for f in defaulted]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    done = 0
    for batch in _batched(rows, BATCH * 5):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                sql, [(*row, *([now] * len(stamps)), *defaults) for row in batch]
            )
        done += len(batch)
        if progress:
            progress(stage, done, total)
    if progress:
        progress(stage, done, done, final=True)
    return done


def _long_tail(rng: random.Random, n: int) -> list[float]:
    """Cumulative weights over n items, roughly Zipf: item i weighs 1/(i+1)."""
    return list(itertools.accumulate(1 / (i + 1) for i in range(n)))


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(WORDS, k=words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random) -> str:
    paragraphs = [
        " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(4)) for _ in range(3)
    ]
    return "## Background\n\n" + "\n\n".join(paragraphs)


def _publication(rng: random.Random, i: int, total: int, share=PUBLISHED_SHARE) -> dict:
    if rng.random() < share:
        at = PUBLISHED_BEFORE - timedelta(minutes=525_600 * (total - i) // total)
        return {"status": PublicationStatus.PUBLISHED, "publish_at": at}
    status = rng.choice([PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
    return {"status": status, "publish_at": None}


def _topics(rng, n, progress) -> list[Topic]:
    """A tree three levels deep: 1% roots, 10% below them, the rest at the bottom."""
    level_sizes = [max(1, n // 100), max(0, n // 10)]
    level_sizes.append(max(0, n - sum(level_sizes)))
    saved, parents, number = [], [None], 0
    for depth, size in enumerate(level_sizes):
        rows = []
        for position in range(size):
            number += 1
            name = f"{rng.choice(QUALIFIERS).capitalize()} {rng.choice(MECHANISMS).lower()}"
            rows.append(
                Topic(
                    title=f"{name} {number}",
                    slug=f"topic-{number}",
                    summary=_sentence(rng, 14),
                    body=_body(rng),
                    parent=rng.choice(parents),
                    position=position,
                    # The top of the tree is always published.
                    **_publication(
                        rng, number, n, 1 if depth == 0 else PUBLISHED_SHARE
                    ),
                )
            )
        level = _create(Topic, rows, n, "topics", None)
        saved.extend(level)
        parents = level or parents
    if progress:
        progress("topics", len(saved), n, final=True)
    return saved


def _sources(rng, n, progress) -> list[Source]:
    reliabilities = list(RELIABILITY_WEIGHTS)
    weights = list(RELIABILITY_WEIGHTS.values())
    kinds = SourceKind.values

    def rows():
        for i in range(1, n + 1):
            year = rng.randint(1900, 2025)
            yield Source(
                title=f"{rng.choice(ACTIONS)} in {rng.choice(PLACES)}: a {rng.choice(QUALIFIERS)} record ({i})",
                slug=f"source-{i}",
                kind=rng.choice(kinds),
                reliability=rng.choices(reliabilities, weights)[0],
                authors=f"{rng.choice(NAMES)}, A.; {rng.choice(NAMES)}, B.",
                publisher=f"{rng.choice(NAMES)} Institute",
                url=f"https://example.org/sources/{i}",
                year=year,
                identifier=f"10.5555/milidip.{i}",
            )

    return _create(Source, rows(), n, "sources", progress)


def _actors(rng, n, progress) -> list[Actor]:
    kinds = list(ACTOR_FORMS)

    def rows():
        for i in range(1, n + 1):
            kind = rng.choices(kinds, [60, 10, 10, 10, 10])[0]
            name = ACTOR_FORMS[kind].format(f"{rng.choice(NAMES)} {i}")
            yield Actor(name=name, slug=f"actor-{i}", kind=kind)

    return _create(Actor, rows(), n, "actors", progress)


def _case_studies(rng, n, progress) -> list[CaseStudy]:
    bodies = [_body(rng) for _ in range(499)]
    summaries = [_sentence(rng, 24) for _ in range(997)]
    regions = Region.values
    outcomes = Outcome.values
    ongoing = getattr(Outcome, "ONGOING", None)
    ratings = MetricRating.values

    def rows():
        for i in range(1, n + 1):
            # Mostly modern, with a tail back to antiquity; never year 0.
            start = 2024 - int(rng.paretovariate(1.2) * 20) + 20
            start = max(start, -1500) or 1
            outcome = rng.choice(outcomes)
            end = None if outcome == ongoing else start + rng.randint(0, 12)
            yield CaseStudy(
                title=f"{rng.choice(ACTIONS)} in {rng.choice(PLACES)} ({i})",
                slug=f"case-study-{i}",
                summary=summaries[i % len(summaries)],
                body=bodies[i % len(bodies)],
                start_year=start,
                end_year=end if end != 0 else 1,
                year_precision=YearPrecision.EXACT,
                region=rng.choice(regions),
                outcome=outcome,
                peace_duration=rng.choice(ratings),
                hostility_reduction=rng.choice(ratings),
                economic_partnership=rng.choice(ratings),
                **_publication(rng, i, n),
            )

    return _create(CaseStudy, rows(), n, "case studies", progress)


def _links(rng, cases, topics, actors, progress) -> None:
    through = CaseStudy.topics.through
    topic_ids = [t.pk for t in topics]
    actor_ids = [a.pk for a in actors]
    actor_weights = _long_tail(rng, len(actor_ids))
    roles = Role.values

    def topic_links():
        for case in cases:
            for topic_id in set(rng.choices(topic_ids, k=rng.randint(1, 3))):
                yield case.pk, topic_id

    def participations():
        for case in cases:
            k = min(len(actor_ids), rng.randint(2, 4))
            for actor_id in set(rng.choices(actor_ids, cum_weights=actor_weights, k=k)):
                yield case.pk, actor_id, rng.choice(roles), ""

    _insert(
        through,
        ["casestudy", "topic"],
        topic_links(),
        2 * len(cases),
        "topic links",
        progress,
    )
    _insert(
        Participation,
        ["case_study", "actor", "role", "note"],
        participations(),
        3 * len(cases),
        "participations",
        progress,
    )


def _citations(rng, n, cases, topics, sources, progress) -> None:
    source_ids = [s.pk for s in sources]
    source_weights = _long_tail(rng, len(source_ids))
    statuses = rng.choices(
        list(VERIFICATION_WEIGHTS), list(VERIFICATION_WEIGHTS.values()), k=997
    )
    claims = [_sentence(rng, 12) for _ in range(1009)]
    notes = [_sentence(rng, 10) for _ in range(101)]
    topic_ids = [t.pk for t in topics]
    case_ids = [c.pk for c in cases]

    def rows():
        for i in range(n):
            # One in twenty citations backs a topic, the rest case studies.
            on_topic = (i % 20 == 0 and topic_ids) or not case_ids
            target = rng.choice(topic_ids if on_topic else case_ids)
            status = statuses[i % len(statuses)]
            yield (
                rng.choices(source_ids, cum_weights=source_weights)[0],
                target if on_topic else None,
                None if on_topic else target,
                claims[i % len(claims)],
                f"p. {i % 400 + 1}",
                "",
                status,
                notes[i % len(notes)] if status == Verification.DISPUTED else "",
                i % 10,
            )

    names = [
        "source", "topic", "case_study", "claim", "locator", "quote",
        "verification", "verification_note", "position",
    ]  # fmt: skip
    _insert(Citation, names, rows(), n, "citations", progress)


def generate(sizes: Sizes = FULL_SIZE, *, seed: int = 1, progress=None) -> Sizes:
    """Write the dataset; returns the sizes written."""
    rng = random.Random(seed)
    topics = _topics(rng, sizes.topics, progress)
    sources = _sources(rng, sizes.sources, progress)
    actors = _actors(rng, sizes.actors, progress)
    cases = _case_studies(rng, sizes.case_studies, progress)
    _links(rng, cases, topics, actors, progress)
    _citations(rng, sizes.citations, cases, topics, sources, progress)
    # Fresh statistics for the query planner, as after any bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sizes
