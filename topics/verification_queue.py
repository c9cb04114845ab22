"""What the verification queue and the admin index report about provenance.

It covers every model a citation can back (topics and, through the citation's
lazy reference, case studies), so this module never imports casestudies.
The queue page groups the problems (unverified, disputed, AI-only, uncited,
stale); each list is paginated on its own (`?<list>_page=N`).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from .choices import LinkStatus
from .models import Citation, Source, VerificationStatus

PAGE_SIZE = 25
QUEUE_ROWS = 50  # broken and moved links listed at most


def cited_models() -> dict[str, type]:
    """The models citations back, keyed by their plural name in the queue."""
    targets = [
        Citation._meta.get_field(name).related_model for name in ("topic", "case_study")
    ]
    return {
        str(model._meta.verbose_name_plural).replace(" ", "_"): model
        for model in targets
    }


def provenance_counts() -> dict:
    """Counts for the admin index: one query per model, whatever the row counts."""
    citations = Citation.objects.aggregate(
        unverified=Count("pk", filter=Q(verification=VerificationStatus.UNVERIFIED)),
        disputed=Count("pk", filter=Q(verification=VerificationStatus.DISPUTED)),
    )
    return {
        "citations": citations,
        **{
            key: model.objects.provenance_counts()
            for key, model in cited_models().items()
        },
    }


def verification_queue() -> dict:
    """Each problem list, ordered, as an unevaluated queryset."""
    queue = {
        "unverified_citations": Citation.objects.unverified()
        .select_related("source", "topic", "case_study")
        .order_by("created_at", "pk"),
        "disputed_citations": Citation.objects.disputed()
        .select_related("source", "topic", "case_study", "verified_by")
        .order_by("-verified_at", "pk"),
    }
    queue["source_links"] = source_link_problems()
    for key, model in cited_models().items():
        rows = model.objects.only("pk", "title", "status", "review_by")
        queue[key] = {
            "backed_only_by_ai": rows.backed_only_by_ai().order_by("title", "pk"),
            "without_citations": rows.without_citations().order_by("title", "pk"),
            "past_review_by": rows.past_review_by().order_by("review_by", "pk"),
        }
    return queue


def source_link_problems():
    """Sources whose link the checker found broken or moved, broken first."""
    return (
        Source.objects.filter(
            link_status__in=[LinkStatus.BROKEN, LinkStatus.REDIRECTED]
        )
        .only(
            "pk",
            "title",
            "url",
            "archived_url",
            "link_status",
            "link_status_code",
            "link_detail",
            "link_final_url",
            "link_checked_at",
        )
        .order_by("link_status", "title")[:QUEUE_ROWS]
    )


class CountedPaginator(Paginator):
    """A paginator told its count, which `provenance_counts()` already has."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass
class QueueList:
    """One paginated list of the queue: a kind of problem in one model."""

    key: str  # its anchor, and the prefix of its page parameter
    heading: str
    kind: str  # "citation" or "item"
    page: Page
    changelist: str  # the admin change list that shows all of them
    filter_query: str  # … with this query
    change: str = ""  # the admin URL name of an item's change page
    page_links: dict = field(default_factory=dict)
    requested: bool = False  # the request asked for a page of this list

    @property
    def count(self) -> int:
        return self.page.paginator.count


@dataclass
class QueueGroup:
    key: str
    heading: str
    lists: list[QueueList]
    open: bool = False

    @property
    def count(self) -> int:
        return sum(each.count for each in self.lists)


ITEM_PROBLEMS = [
    ("ai-only", "backed_only_by_ai", "Backed only by AI-generated sources"),
    ("uncited", "without_citations", "Citing no source"),
    ("stale", "past_review_by", "Stale: past their review-by date"),
]


def _page_links(params, parameter: str, page: Page, anchor: str) -> dict:
    def link(number: int) -> str:
        query = params.copy()
        query[parameter] = str(number)
        return f"?{query.urlencode()}#{anchor}"

    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }


def queue_groups(params) -> list[QueueGroup]:
    """The queue page's groups, each list at the page its parameter asks for.

    `params` is the request's query dict. A page number that is not one (or is
    out of range) shows the first (or last) page. One count query per model and
    one query per list, whatever the number of rows.
    """
    counts = provenance_counts()
    queue = verification_queue()
    models = cited_models()

    def paged(key, heading, kind, queryset, count, changelist, filter_query, change=""):
        parameter = f"{key.replace('-', '_')}_page"
        paginator = CountedPaginator(queryset, PAGE_SIZE, count)
        page = paginator.get_page(params.get(parameter))
        return QueueList(
            key=key,
            heading=heading,
            kind=kind,
            page=page,
            changelist=changelist,
            filter_query=filter_query,
            change=change,
            page_links=_page_links(params, parameter, page, key),
            requested=parameter in params,
        )

    citations = "admin:topics_citation_changelist"
    groups = [
        QueueGroup(
            "unverified",
            "Unverified citations",
            [
                paged(
                    "unverified-citations",
                    "Citations",
                    "citation",
                    queue["unverified_citations"],
                    counts["citations"]["unverified"],
                    citations,
                    "verification__exact=unverified",
                )
            ],
        ),
        QueueGroup(
            "disputed",
            "Disputed citations",
            [
                paged(
                    "disputed-citations",
                    "Citations",
                    "citation",
                    queue["disputed_citations"],
                    counts["citations"]["disputed"],
                    citations,
                    "verification__exact=disputed",
                )
            ],
        ),
    ]
    for suffix, problem, heading in ITEM_PROBLEMS:
        lists = []
        for key, model in models.items():
            opts = model._meta
            admin_name = f"admin:{opts.app_label}_{opts.model_name}"
            lists.append(
                paged(
                    f"{key.replace('_', '-')}-{suffix}",
                    str(opts.verbose_name_plural).capitalize(),
                    "item",
                    queue[key][problem],
                    counts[key][problem],
                    f"{admin_name}_changelist",
                    f"provenance={problem}",
                    f"{admin_name}_change",
                )
            )
        groups.append(QueueGroup(suffix, heading, lists))
    # Open the groups the reader is paging through, else the first with rows.
    requested = [g for g in groups if any(each.requested for each in g.lists)]
    for group in requested or [g for g in groups if g.count][:1]:
        group.open = True
    return groups
