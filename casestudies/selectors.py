"""Reads shared by the reader pages, the feeds and the sitemap."""

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from milidip_site import count_cache
from milidip_site.capped_counts import capped_count
from topics.models import Citation, Topic

from .models import Actor, CaseStudy, Participation


def with_listing_relations(queryset: QuerySet) -> QuerySet:
    """Case studies with what a list row shows: actors, published topics, provenance."""
    return queryset.with_provenance().prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("actor"),
        ),
        Prefetch("topics", queryset=Topic.objects.published()),
    )


def detail_prefetches(user=None, only=None) -> list[Prefetch]:
    """What a case-study page or API object shows; topics only those `user` may see.

    ``only`` names the relations wanted (a compact API list expands some or none).
    """
    prefetches = [
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("actor"),
        ),
        Prefetch("topics", queryset=Topic.objects.visible_to(user)),
        Prefetch("citations", queryset=Citation.objects.with_sources()),
    ]
    if only is None:
        return prefetches
    return [p for p in prefetches if p.prefetch_through in only]


def with_detail_relations(queryset: QuerySet, *, user=None, only=None) -> QuerySet:
    return queryset.prefetch_related(*detail_prefetches(user, only))


# Related links weigh the most recent cases sharing a topic or an actor, at most
# this many of each, so a case of a popular actor does not score thousands.
RELATED_CANDIDATES = 200


def related_case_studies(*, case_study: CaseStudy, limit: int = 5) -> list[CaseStudy]:
    """Published case studies sharing the most published topics and actors."""
    topic_ids = [t.pk for t in case_study.topics.all()]
    actor_ids = {p.actor_id for p in case_study.participations.all()}
    if not topic_ids and not actor_ids:
        return []
    published = CaseStudy.objects.published()
    by_topic = (
        CaseStudy.topics.through.objects.filter(
            topic__in=topic_ids, casestudy__in=published
        )
        .exclude(casestudy=case_study.pk)
        .order_by("-pk")
        .values("casestudy")[:RELATED_CANDIDATES]
    )
    by_actor = (
        Participation.objects.filter(actor__in=actor_ids, case_study__in=published)
        .exclude(case_study=case_study.pk)
        .order_by("-pk")
        .values("case_study")[:RELATED_CANDIDATES]
    )
    # Counted by correlated subqueries on the link tables: joining both relations
    # at once multiplies every candidate's rows by its topics times its actors.
    topic_links = CaseStudy.topics.through.objects.filter(topic__in=topic_ids)
    actor_links = Participation.objects.filter(actor__in=actor_ids)
    shared_topics = (
        topic_links.filter(casestudy=OuterRef("pk"))
        .order_by()
        .values("casestudy")
        .annotate(n=Count("topic"))
        .values("n")
    )
    shared_actors = (
        actor_links.filter(case_study=OuterRef("pk"))
        .order_by()
        .values("case_study")
        .annotate(n=Count("actor", distinct=True))
        .values("n")
    )
    return list(
        CaseStudy.objects.filter(Q(pk__in=by_topic) | Q(pk__in=by_actor))
        .annotate(
            shared_topics=Coalesce(Subquery(shared_topics), 0),
            shared_actors=Coalesce(Subquery(shared_actors), 0),
        )
        .order_by("-shared_topics", "-shared_actors", "title")[:limit]
    )


def actors_for_listing(queryset: QuerySet | None = None) -> QuerySet:
    """Actors taking part in a published case study, with in how many (up to a cap)."""
    published = CaseStudy.objects.published()
    queryset = Actor.objects.all() if queryset is None else queryset
    # Joined from the actor's participations, not "case study in (published)":
    # SQLite would test every published case for every actor.
    takes_part = published.filter(participations__actor=OuterRef("pk"))
    cases = published.filter(participations__actor=OuterRef(OuterRef("pk")))
    return (
        queryset.filter(Exists(takes_part))
        .annotate(case_study_count=capped_count(cases))
        .order_by("name", "pk")
    )


def actor_kind_counts(queryset: QuerySet) -> dict[str, int]:
    """How many listed actors of each kind, in one query."""
    rows = (
        Actor.objects.filter(pk__in=queryset.values("pk"))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return count_cache.cached_for_query("actor-kinds", rows, lambda: dict(rows))


def actor_participations(*, user=None) -> QuerySet:
    """Roles in the case studies `user` may see, in chronological order."""
    return (
        Participation.objects.filter(case_study__in=CaseStudy.objects.visible_to(user))
        .select_related("case_study")
        .order_by("case_study__start_year", "case_study__title", "role")
    )


def with_participations(queryset: QuerySet, *, user=None, limit=None) -> QuerySet:
    """Actors with their roles in the case studies `user` may see (the first `limit`)."""
    roles = actor_participations(user=user)
    if limit is not None:
        roles = roles[:limit]
    return queryset.prefetch_related(
        Prefetch("participations", queryset=roles, to_attr="shown_participations")
    )
