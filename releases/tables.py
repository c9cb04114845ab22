"""The tables of a data release: their columns, keys, and rows from the public content.

One description serves every use: the JSON and CSV files, the Data Package
schema, the comparison with the previous release, and loading a release back.
A release holds only what the public may see (``PublishableQuerySet.published()``)
and the actors, participations, sources and citations those items use.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Prefetch

from casestudies.models import CaseStudy, Participation
from topics.models import Citation, Topic

# Not part of an item's content: a save, or a citation's change, touches them.
TIMESTAMPS = ("created_at", "updated_at")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, date, datetime, array
    description: str
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    table_column: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    label: str = "title"  # the column that names a row in release notes

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def key(self, row: dict) -> str:
        return "|".join(str(row[name]) for name in self.primary_key)


def _col(name, type_="string", description="", required=False) -> Column:
    return Column(name, type_, description, required)


SLUG = _col(
    "slug", description="Stable identifier; part of the page's address.", required=True
)
CREATED = _col("created_at", "datetime", "When the row was created (UTC).")
UPDATED = _col("updated_at", "datetime", "When the row last changed (UTC).")

TOPICS = Table(
    "topics",
    "Topics",
    (
        SLUG,
        _col("title", required=True),
        _col("summary"),
        _col("body", description="Markdown."),
        _col("parent", description="The broader topic's slug; empty at the top."),
        _col("position", "integer", "Order among sibling topics."),
        _col("related", "array", "Slugs of related topics."),
        _col("status"),
        _col("publish_at", "datetime", "When the topic became public (UTC)."),
        CREATED,
        UPDATED,
    ),
    ("slug",),
    (ForeignKey("parent", "topics", "slug"),),
)
CASE_STUDIES = Table(
    "case_studies",
    "Case studies",
    (
        SLUG,
        _col("title", required=True),
        _col("summary"),
        _col("body", description="Markdown."),
        _col("start_year", "integer", "Negative for BCE; there is no year 0.", True),
        _col("end_year", "integer", "Empty while the case is ongoing."),
        _col("year_precision"),
        _col("region"),
        _col("outcome"),
        _col("peace_duration"),
        _col("hostility_reduction"),
        _col("economic_partnership"),
        _col("metrics_note"),
        _col("topics", "array", "Slugs of the topics the case illustrates."),
        _col("status"),
        _col("publish_at", "datetime", "When the case study became public (UTC)."),
        CREATED,
        UPDATED,
    ),
    ("slug",),
)
ACTORS = Table(
    "actors",
    "Actors",
    (
        SLUG,
        _col("name", required=True),
        _col("kind"),
        _col("iso_code", description="ISO 3166-1 alpha-2, for present-day states."),
        _col("wikidata_id"),
        _col("description"),
        CREATED,
        UPDATED,
    ),
    ("slug",),
    label="name",
)
PARTICIPATIONS = Table(
    "participations",
    "Participations",
    (
        _col("case_study", required=True),
        _col("actor", required=True),
        _col("role", required=True),
        _col("note"),
    ),
    ("case_study", "actor", "role"),
    (
        ForeignKey("case_study", "case_studies", "slug"),
        ForeignKey("actor", "actors", "slug"),
    ),
    label="role",
)
SOURCES = Table(
    "sources",
    "Sources",
    (
        SLUG,
        _col("title", required=True),
        _col("kind"),
        _col("authors", description="As cited, separated by ';'."),
        _col("publisher"),
        _col("url"),
        _col("archived_url"),
        _col("year", "integer", "Negative for BCE."),
        _col("month", "integer"),
        _col("day", "integer"),
        _col("accessed_on", "date"),
        _col("reliability"),
        _col("identifier", description="Seed file name, DOI or treaty registration."),
        _col("note"),
        CREATED,
        UPDATED,
    ),
    ("slug",),
)
CITATIONS = Table(
    "citations",
    "Citations",
    (
        _col("id", "integer", "The citation's number in Milidip.", True),
        _col("source", required=True),
        _col("topic", description="The topic backed, or empty."),
        _col("case_study", description="The case study backed, or empty."),
        _col("key", description="What the item's text calls it: [^key]; may be empty."),
        _col("claim"),
        _col("locator"),
        _col("quote"),
        _col("verification", description="unverified, verified or disputed."),
        _col("verification_note"),
        _col("verified_at", "datetime"),
        _col("position", "integer"),
        CREATED,
        UPDATED,
    ),
    ("id",),
    (
        ForeignKey("source", "sources", "slug"),
        ForeignKey("topic", "topics", "slug"),
        ForeignKey("case_study", "case_studies", "slug"),
    ),
    label="claim",
)
TABLES = (TOPICS, CASE_STUDIES, ACTORS, PARTICIPATIONS, SOURCES, CITATIONS)
BY_NAME = {table.name: table for table in TABLES}


def format_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value: str | None) -> datetime | None:
    return None if not value else datetime.fromisoformat(value).astimezone(UTC)


def parse_date(value: str | None) -> date | None:
    return None if not value else date.fromisoformat(value)


def _times(obj) -> dict:
    return {
        "created_at": format_datetime(obj.created_at),
        "updated_at": format_datetime(obj.updated_at),
    }


def _slug(obj) -> str | None:
    return obj.slug if obj is not None else None


def public_tables() -> dict[str, list[dict]]:
    """Every table's rows, as the public sees the content now (a few queries)."""
    published_topics = Topic.objects.published()
    topics = list(
        published_topics.order_by("slug")
        .select_related("parent")
        .prefetch_related(
            Prefetch("related", queryset=Topic.objects.published().order_by("slug"))
        )
    )
    visible_topics = {topic.pk for topic in topics}
    case_studies = list(
        CaseStudy.objects.published()
        .order_by("slug")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.published().order_by("slug"))
        )
    )
    participations = list(
        Participation.objects.filter(case_study__in=CaseStudy.objects.published())
        .select_related("case_study", "actor")
        .order_by("case_study__slug", "actor__slug", "role")
    )
    actors = sorted(
        {p.actor_id: p.actor for p in participations}.values(), key=lambda a: a.slug
    )
    citations = list(
        Citation.objects.public()
        .select_related("source", "topic", "case_study")
        .order_by("pk")
    )
    sources = sorted(
        {c.source_id: c.source for c in citations}.values(), key=lambda s: s.slug
    )
    return {
        "topics": [
            {
                "slug": t.slug,
                "title": t.title,
                "summary": t.summary,
                "body": t.body,
                "parent": t.parent.slug if t.parent_id in visible_topics else None,
                "position": t.position,
                "related": [r.slug for r in t.related.all()],
                "status": t.status,
                "publish_at": format_datetime(t.publish_at),
                **_times(t),
            }
            for t in topics
        ],
        "case_studies": [
            {
                "slug": c.slug,
                "title": c.title,
                "summary": c.summary,
                "body": c.body,
                "start_year": c.start_year,
                "end_year": c.end_year,
                "year_precision": c.year_precision,
                "region": c.region,
                "outcome": c.outcome,
                "peace_duration": c.peace_duration,
                "hostility_reduction": c.hostility_reduction,
                "economic_partnership": c.economic_partnership,
                "metrics_note": c.metrics_note,
                "topics": [t.slug for t in c.topics.all()],
                "status": c.status,
                "publish_at": format_datetime(c.publish_at),
                **_times(c),
            }
            for c in case_studies
        ],
        "actors": [
            {
                "slug": a.slug,
                "name": a.name,
                "kind": a.kind,
                "iso_code": a.iso_code,
                "wikidata_id": a.wikidata_id,
                "description": a.description,
                **_times(a),
            }
            for a in actors
        ],
        "participations": [
            {
                "case_study": p.case_study.slug,
                "actor": p.actor.slug,
                "role": p.role,
                "note": p.note,
            }
            for p in participations
        ],
        "sources": [
            {
                "slug": s.slug,
                "title": s.title,
                "kind": s.kind,
                "authors": s.authors,
                "publisher": s.publisher,
                "url": s.url,
                "archived_url": s.archived_url,
                "year": s.year,
                "month": s.month,
                "day": s.day,
                "accessed_on": s.accessed_on.isoformat() if s.accessed_on else None,
                "reliability": s.reliability,
                "identifier": s.identifier,
                "note": s.note,
                **_times(s),
            }
            for s in sources
        ],
        "citations": [
            {
                "id": c.pk,
                "source": c.source.slug,
                "topic": _slug(c.topic),
                "case_study": _slug(c.case_study),
                "key": c.key,
                "claim": c.claim,
                "locator": c.locator,
                "quote": c.quote,
                "verification": c.verification,
                "verification_note": c.verification_note,
                "verified_at": format_datetime(c.verified_at),
                "position": c.position,
                **_times(c),
            }
            for c in citations
        ],
    }


def row_hash(row: dict) -> str:
    """A hash of a row's content: the same content gives the same hash, whenever saved."""
    content = {name: value for name, value in row.items() if name not in TIMESTAMPS}
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def content_hash(tables: dict[str, list[dict]]) -> str:
    """One hash of all the rows' content, independent of row order and timestamps."""
    digest = hashlib.sha256()
    for table in TABLES:
        for hashed in sorted(row_hash(row) for row in tables.get(table.name, [])):
            digest.update(f"{table.name}:{hashed}\n".encode())
    return digest.hexdigest()
