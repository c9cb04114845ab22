"""Reads shared by the topic pages, the feeds and the sitemap.

Case studies are reached through the reverse relation, so topics never
imports casestudies.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from milidip_site import count_cache
from milidip_site.capped_counts import capped_count

from .models import Citation, Source, Topic


def _case_study_model():
    return Topic._meta.get_field("case_studies").related_model


def with_detail_relations(
    queryset: QuerySet, *, user=None, case_studies: bool = True, only=None
) -> QuerySet:
    """Topics with what their page and API object show, as `user` may see them.

    Children, related topics and case studies are the rows `user` may see;
    `parent_visible` says whether the parent is one of them. The API leaves
    out the case studies (it links to the filtered case-study list instead).
    ``only`` names the relations wanted (a compact API list expands some or none).
    """
    visible = Topic.objects.visible_to(user)
    prefetches = [
        Prefetch("children", queryset=visible),
        Prefetch("related", queryset=visible),
        Prefetch("citations", queryset=Citation.objects.with_sources()),
    ]
    if only is not None:
        prefetches = [p for p in prefetches if p.prefetch_through in only]
    if case_studies:
        cases = _case_study_model().objects.visible_to(user).order_by("start_year")
        prefetches.append(Prefetch("case_studies", queryset=cases))
    return (
        queryset.select_related("parent__parent")
        .annotate(parent_visible=Exists(visible.filter(pk=OuterRef("parent_id"))))
        .prefetch_related(*prefetches)
    )


def subtree_case_studies(*, topic: Topic, user=None) -> QuerySet:
    """Case studies `user` may see of the topic or any topic below it, by start year."""
    subtree = Topic.objects.filter(
        Q(pk=topic.pk) | Q(parent=topic.pk) | Q(parent__parent=topic.pk)
    ).values("pk")
    links = Topic.case_studies.through.objects.filter(
        casestudy=OuterRef("pk"), topic__in=subtree
    )
    return (
        _case_study_model()
        .objects.visible_to(user)
        .filter(Exists(links))
        .order_by("start_year", "title")
    )


def breadcrumbs(*, topic: Topic, user=None) -> list[Topic]:
    """The topic's ancestors that `user` may see, root first."""
    ancestor_ids = [t.pk for t in topic.ancestors()]
    if not ancestor_ids:
        return []
    visible = Topic.objects.visible_to(user).in_bulk(ancestor_ids)
    return [visible[pk] for pk in reversed(ancestor_ids) if pk in visible]


@dataclass
class TopicNode:
    topic: Topic
    children: list["TopicNode"] = field(default_factory=list)


def _count_distinct_cases(links) -> Subquery:
    """COUNT(DISTINCT case study) of topic links that belong to published cases.

    Each link is checked against its case study by primary key (Exists), so the
    database walks the topic's links, never the whole list of published cases.
    """
    published = _case_study_model().objects.published()
    links = links.filter(Exists(published.filter(pk=OuterRef("casestudy_id"))))
    return Subquery(
        links.order_by()
        .annotate(
            n=Func(
                F("casestudy"),
                function="COUNT",
                template="COUNT(DISTINCT %(expressions)s)",
            )
        )
        .values("n"),
        output_field=IntegerField(),
    )


def published_case_study_count() -> Subquery:
    """Published case studies of a topic."""
    through = Topic.case_studies.through
    return _count_distinct_cases(through.objects.filter(topic=OuterRef("pk")))


def published_subtree_case_study_count() -> Subquery:
    """Published case studies of a topic or any topic below it (the tree is shallow)."""
    subtree = Topic.objects.filter(
        Q(pk=OuterRef(OuterRef("pk")))
        | Q(parent=OuterRef(OuterRef("pk")))
        | Q(parent__parent=OuterRef(OuterRef("pk")))
    ).values("pk")
    through = Topic.case_studies.through
    return _count_distinct_cases(through.objects.filter(topic__in=subtree))


def topic_tree() -> list[TopicNode]:
    """Published topics as a tree; a topic under an unpublished parent is a root.

    Counting every topic's case studies reads every link: once per content change.
    """
    return count_cache.cached("topic-tree", _topic_tree)


def _topic_tree() -> list[TopicNode]:
    topics = list(
        Topic.objects.published()
        .with_provenance()
        .annotate(case_study_count=published_case_study_count())
    )
    nodes = {t.pk: TopicNode(t) for t in topics}
    roots = []
    for topic in topics:
        parent = nodes.get(topic.parent_id)
        (parent.children if parent else roots).append(nodes[topic.pk])
    return roots


def sources_for_listing(queryset: QuerySet | None = None) -> QuerySet:
    """Sources with how many citations on public pages rest on each (up to a cap)."""
    queryset = Source.objects.all() if queryset is None else queryset
    citations = Citation.objects.public().filter(source=OuterRef(OuterRef("pk")))
    return queryset.annotate(public_citation_count=capped_count(citations)).order_by(
        "title", "pk"
    )


def public_citations_of(*, source: Source) -> QuerySet:
    """Where a source is cited, on published pages only: topics first, by title."""
    return (
        source.citations.public()
        .select_related("topic", "case_study")
        .order_by("topic__title", "case_study__title", "position", "pk")
    )
