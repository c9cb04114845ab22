"""Loading a release's tables into an empty database: the round trip of a release.

Used by ``manage.py load_release`` to rebuild the published content of a
release elsewhere (a mirror, a researcher's copy, a test).
"""

from django.core.management.color import no_style
from django.db import connection, transaction

from casestudies.models import Actor, CaseStudy, Participation
from topics.models import Citation, Source, Topic

from .reading import model_values
from .tables import TIMESTAMPS, parse_datetime

CONTENT_MODELS = (Topic, CaseStudy, Actor, Participation, Source, Citation)


class NotEmpty(Exception):
    """The database already has content; a release loads only into an empty one."""


def _keep_times(model, objects_and_rows) -> None:
    # auto_now and auto_now_add fields take the time of the save: put the
    # release's times back.
    for obj, row in objects_and_rows:
        model.objects.filter(pk=obj.pk).update(
            **{name: parse_datetime(row[name]) for name in TIMESTAMPS}
        )


@transaction.atomic
def load_tables(tables: dict[str, list[dict]]) -> dict[str, int]:
    """Create every row of `tables`; refuses a database that has content."""
    filled = [m._meta.verbose_name_plural for m in CONTENT_MODELS if m.objects.exists()]
    if filled:
        raise NotEmpty(
            "The database already has content (" + ", ".join(map(str, filled)) + ")."
        )
    sources = {}
    for row in tables["sources"]:
        sources[row["slug"]] = Source.objects.create(**model_values("sources", row))
    actors = {}
    for row in tables["actors"]:
        actors[row["slug"]] = Actor.objects.create(**model_values("actors", row))
    topics = {}
    for row in tables["topics"]:
        topics[row["slug"]] = Topic.objects.create(
            **model_values("topics", row, skip={"parent"})
        )
    for row in tables["topics"]:
        topic = topics[row["slug"]]
        if row["parent"]:
            Topic.objects.filter(pk=topic.pk).update(parent=topics[row["parent"]])
        topic.related.set([topics[slug] for slug in row["related"]])
    case_studies = {}
    for row in tables["case_studies"]:
        case_study = CaseStudy.objects.create(**model_values("case_studies", row))
        case_study.topics.set([topics[slug] for slug in row["topics"]])
        case_studies[row["slug"]] = case_study
    Participation.objects.bulk_create(
        Participation(
            case_study=case_studies[row["case_study"]],
            actor=actors[row["actor"]],
            role=row["role"],
            note=row["note"] or "",
        )
        for row in tables["participations"]
    )
    Citation.objects.bulk_create(
        Citation(
            **model_values("citations", row, skip={"source", "topic", "case_study"}),
            source=sources[row["source"]],
            topic=topics.get(row["topic"]),
            case_study=case_studies.get(row["case_study"]),
        )
        for row in tables["citations"]
    )
    _keep_times(Source, [(sources[r["slug"]], r) for r in tables["sources"]])
    _keep_times(Actor, [(actors[r["slug"]], r) for r in tables["actors"]])
    _keep_times(Topic, [(topics[r["slug"]], r) for r in tables["topics"]])
    _keep_times(
        CaseStudy, [(case_studies[r["slug"]], r) for r in tables["case_studies"]]
    )
    for row in tables["citations"]:
        Citation.objects.filter(pk=row["id"]).update(
            **{name: parse_datetime(row[name]) for name in TIMESTAMPS}
        )
    # Citations kept their numbers: the next new one must not take one of them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Citation]):
            cursor.execute(statement)
    return {name: len(rows) for name, rows in tables.items()}
