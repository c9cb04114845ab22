"""Reading a stored release back: its tables, and its rows as unsaved model objects.

A release never changes, so what was read is kept in memory for the process
(a few releases, newest use first), keyed by version and the zip's hash.
"""

import threading
import zipfile
from collections import OrderedDict

from django.db.models import QuerySet

from casestudies.models import Actor, CaseStudy, Participation
from topics.models import Citation, Source, Topic

from .package import read_tables
from .tables import BY_NAME, parse_date, parse_datetime

CACHED_RELEASES = 4
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def release_tables(release) -> dict[str, list[dict]]:
    """The rows of every table of `release`, read through its storage once."""
    key = (release.version, release.sha256)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with release.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        tables = read_tables(archive)
    with _lock:
        _cache[key] = tables
        while len(_cache) > CACHED_RELEASES:
            _cache.popitem(last=False)
    return tables


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def model_values(table_name: str, row: dict, skip=()) -> dict:
    """A row's plain values, typed for the model."""
    table = BY_NAME[table_name]
    values = {}
    for column in table.columns:
        if column.name in skip or column.type == "array":
            continue
        value = row[column.name]
        if column.type == "datetime":
            value = parse_datetime(value)
        elif column.type == "date":
            value = parse_date(value)
        elif column.type == "string" and value is None:
            continue
        values[column.name] = value
    return values


def _prefetched(obj, name: str, model, items) -> None:
    """Make `obj.<name>.all()` answer `items` without a query, as prefetching does."""
    queryset = QuerySet(model=model)
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    obj._prefetched_objects_cache[name] = queryset


def _ordered(objects, model):
    """In the model's default ordering (plain fields only)."""
    fields = [f for f in model._meta.ordering if "__" not in f.lstrip("-")]
    result = list(objects)
    for name in reversed(fields):
        attribute = name.lstrip("-")
        result.sort(
            key=lambda obj, a=attribute: _sort_value(getattr(obj, a)),
            reverse=name.startswith("-"),
        )
    return result


def _sort_value(value):
    return (value is None, value if value is not None else 0)


def release_objects(tables: dict[str, list[dict]]) -> dict[type, list]:
    """Unsaved model objects of a release, linked to each other, in default order.

    Each has a made-up primary key (citations keep their own) so that its
    relations answer from what was loaded here, never from the database.
    """
    sources = {
        row["slug"]: Source(pk=n, **model_values("sources", row))
        for n, row in enumerate(tables["sources"], 1)
    }
    actors = {
        row["slug"]: Actor(pk=n, **model_values("actors", row))
        for n, row in enumerate(tables["actors"], 1)
    }
    topics = {
        row["slug"]: Topic(pk=n, **model_values("topics", row, skip={"parent"}))
        for n, row in enumerate(tables["topics"], 1)
    }
    case_studies = {
        row["slug"]: CaseStudy(pk=n, **model_values("case_studies", row))
        for n, row in enumerate(tables["case_studies"], 1)
    }
    for row in tables["topics"]:
        topics[row["slug"]].parent = topics.get(row["parent"])
    citations = []
    for row in tables["citations"]:
        citation = Citation(
            **model_values("citations", row, skip={"source", "topic", "case_study"})
        )
        citation.source = sources[row["source"]]
        citation.topic = topics.get(row["topic"])
        citation.case_study = case_studies.get(row["case_study"])
        citations.append(citation)
    participations = []
    for n, row in enumerate(tables["participations"], 1):
        participation = Participation(pk=n, role=row["role"], note=row["note"] or "")
        participation.case_study = case_studies[row["case_study"]]
        participation.actor = actors[row["actor"]]
        participations.append(participation)
    participations.sort(key=lambda p: (p.role, p.actor.name))
    citations = _ordered(citations, Citation)

    for row in tables["topics"]:
        topic = topics[row["slug"]]
        children = [t for t in topics.values() if t.parent is topic]
        _prefetched(topic, "children", Topic, _ordered(children, Topic))
        related = [topics[slug] for slug in row["related"] if slug in topics]
        _prefetched(topic, "related", Topic, _ordered(related, Topic))
        _prefetched(
            topic, "citations", Citation, [c for c in citations if c.topic is topic]
        )
    for row in tables["case_studies"]:
        case_study = case_studies[row["slug"]]
        linked = [topics[slug] for slug in row["topics"] if slug in topics]
        _prefetched(case_study, "topics", Topic, _ordered(linked, Topic))
        taking_part = [p for p in participations if p.case_study is case_study]
        _prefetched(case_study, "participations", Participation, taking_part)
        _prefetched(
            case_study,
            "actors",
            Actor,
            list({id(p.actor): p.actor for p in taking_part}.values()),
        )
        _prefetched(
            case_study,
            "citations",
            Citation,
            [c for c in citations if c.case_study is case_study],
        )
    for actor in actors.values():
        _prefetched(
            actor,
            "participations",
            Participation,
            sorted(
                (p for p in participations if p.actor is actor),
                key=lambda p: (p.case_study.start_year, p.case_study.title, p.role),
            ),
        )
    return {
        Topic: _ordered(topics.values(), Topic),
        CaseStudy: _ordered(case_studies.values(), CaseStudy),
        Actor: _ordered(actors.values(), Actor),
        Source: _ordered(sources.values(), Source),
        Citation: citations,
        Participation: participations,
    }
