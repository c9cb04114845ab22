"""Reads shared by the reader pages, the feeds and the sitemap."""

from django.db.models import Count, Prefetch, Q, QuerySet

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


def related_case_studies(*, case_study: CaseStudy, limit: int = 5) -> list[CaseStudy]:
    """Published case studies sharing the most published topics and actors."""
    topic_ids = [t.pk for t in case_study.topics.all()]
    actor_ids = {p.actor_id for p in case_study.participations.all()}
    if not topic_ids and not actor_ids:
        return []
    shared = Q(topics__in=topic_ids) | Q(actors__in=actor_ids)
    return list(
        CaseStudy.objects.published()
        .exclude(pk=case_study.pk)
        .filter(shared)
        .annotate(
            shared_topics=Count(
                "topics", filter=Q(topics__in=topic_ids), distinct=True
            ),
            shared_actors=Count(
                "actors", filter=Q(actors__in=actor_ids), distinct=True
            ),
        )
        .order_by("-shared_topics", "-shared_actors", "title")[:limit]
    )


def actors_for_listing(queryset: QuerySet | None = None) -> QuerySet:
    """Actors taking part in a published case study, with how many they take part in."""
    published = CaseStudy.objects.published()
    queryset = Actor.objects.all() if queryset is None else queryset
    return (
        queryset.filter(case_studies__in=published)
        .annotate(
            case_study_count=Count(
                "case_studies", filter=Q(case_studies__in=published), distinct=True
            )
        )
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
    return dict(rows)


def actor_participations(*, user=None) -> QuerySet:
    """Roles in the case studies `user` may see, in chronological order."""
    return (
        Participation.objects.filter(case_study__in=CaseStudy.objects.visible_to(user))
        .select_related("case_study")
        .order_by("case_study__start_year", "case_study__title", "role")
    )


def with_participations(queryset: QuerySet, *, user=None) -> QuerySet:
    """Actors with their roles in the case studies `user` may see."""
    return queryset.prefetch_related(
        Prefetch("participations", queryset=actor_participations(user=user))
    )
