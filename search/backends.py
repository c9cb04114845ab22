"""Ranked, highlighted search over the index, the same on SQLite and PostgreSQL.

SQLite uses FTS5 (``bm25()``, ``highlight()``, ``snippet()``); PostgreSQL uses
``SearchQuery`` in web-search mode, ``SearchRank`` and ``SearchHeadline`` over
the indexed ``tsvector``. Either way the database marks matches with two
private-use characters, and ``mark_matches`` escapes the text before turning
them into ``<mark>`` elements, so indexed text never reaches a page unescaped.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import registry
from .models import SearchDocument
from .query import ParsedQuery, parse_query

START, STOP = "\ue000", "\ue001"
_MARKERS = re.compile(f"([{START}{STOP}])")
SEARCH_CONFIG = "english"


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    title_html: SafeString
    snippet: SafeString
    url: str
    rank: float
    provenance_unsourced: bool = False
    provenance_ai_only: bool = False

    @property
    def kind_label(self) -> str:
        return registry.get(self.kind).label


def mark_matches(text: str) -> SafeString:
    """Escape text and wrap the spans the database marked in ``<mark>``."""
    parts, inside = [], False
    for part in _MARKERS.split(" ".join((text or "").split())):
        if part == START:
            if not inside:
                parts.append("<mark>")
            inside = True
        elif part == STOP:
            if inside:
                parts.append("</mark>")
            inside = False
        else:
            parts.append(escape(part))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped


def _public() -> Q:
    """Index rows the public may see: of publishable kinds, published rows only."""
    condition = Q(pk__in=[])
    for item in registry.indexed():
        public_ids = item.public_ids()
        if public_ids is None:
            condition |= Q(kind=item.kind)
        else:
            condition |= Q(kind=item.kind, object_id__in=public_ids)
    return condition


# Markdown that may reach a snippet: the index holds the raw body columns. The
# match markers are not word characters, so ``**\ue000word\ue001**`` loses its stars.
_MARKDOWN = [
    (
        re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)?"),
        r"\1",
    ),  # [text](url)
    (re.compile(r"^([^\[\n]*?)\]\([^)\s]*\)"), r"\1"),  # a link cut open at the start
    (re.compile(r"\[(?=[^\]]*$)"), ""),  # ... or at the end
    (re.compile(r"(?m)(?:^|(?<=\s))[ \t]*#{1,6}[ \t]+"), ""),  # headings
    (re.compile(r"(?m)^[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]+"), ""),  # list items
    (re.compile(r"(?m)^[ \t]*>[ \t]?"), ""),  # block quotes
    (re.compile(r"(?m)^[ \t|:-]*-{3,}[ \t|:-]*$"), " "),  # table rules
    (
        re.compile(r"(?<!\w)(?:\*{1,3}|_{1,3})(?=\S)|(?<=\S)(?:\*{1,3}|_{1,3})(?!\w)"),
        "",
    ),
    (re.compile(r"`+|\|"), " "),  # code spans, table cells
]


def strip_markdown(text: str) -> str:
    """Plain text from a (possibly cut) piece of Markdown, keeping match markers."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


def _provenance() -> dict:
    """Whether a hit's page is unsourced or backed only by AI (topics/provenance.py)."""
    flags = {}
    for item in registry.indexed():
        for name, condition in item.provenance_flags().items():
            flags[name] = flags[name] | condition if name in flags else condition
    return {
        f"provenance_{name}": ExpressionWrapper(
            flags[name] if name in flags else Value(False),
            output_field=BooleanField(),
        )
        for name in ("unsourced", "ai_only")
    }


def _fts5_match(query: ParsedQuery) -> RawSQL:
    return RawSQL(
        "search_document MATCH %s", (query.as_fts5(),), output_field=BooleanField()
    )


def _websearch(query: ParsedQuery) -> SearchQuery:
    return SearchQuery(query.as_tsquery(), search_type="raw", config=SEARCH_CONFIG)


def _matching(query: ParsedQuery) -> QuerySet:
    """Index rows matching the query, whoever may see them."""
    documents = SearchDocument.objects.all()
    if connection.vendor == "postgresql":
        return documents.filter(vector=_websearch(query))
    return documents.filter(_fts5_match(query))


# Ranking scores every candidate: a common word matches most of the index, so
# only the newest MAX_MATCHES matches (of the chosen type) are ranked and counted.
MAX_MATCHES = 1000


def _candidates(query: ParsedQuery, kind: str | None = None) -> list[int]:
    """The rowids of at most MAX_MATCHES matching rows, newest first (one query).

    Read into a list first: SQLite plans the ranking and counting queries
    badly around a second full-text subquery.
    """
    if connection.vendor == "postgresql":
        rows = _matching(query)
        if kind:
            rows = rows.filter(kind=kind)
        return list(
            rows.order_by("-rowid").values_list("rowid", flat=True)[:MAX_MATCHES]
        )
    # FTS5 needs the table's own name in MATCH (see matching_ids).
    where, params = "search_document MATCH %s", [query.as_fts5()]
    if kind:
        where, params = where + " AND kind = %s", [*params, kind]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM search_document WHERE {where} "
            "ORDER BY rowid DESC LIMIT %s",
            [*params, MAX_MATCHES],
        )
        return [row[0] for row in cursor.fetchall()]


def candidates(query: ParsedQuery, kind: str | None = None) -> list[int]:
    """What `find` and `count_by_kind` rank and count, to share within a request."""
    return _candidates(query, kind) if query else []


def _ranked(query: ParsedQuery, kind=None, rowids=None) -> QuerySet:
    """Public matching rows with score (higher is better), title and snippet."""
    if connection.vendor == "postgresql":
        search_query = _websearch(query)
        annotations = {
            "score": SearchRank(F("vector"), search_query),
            "title_marked": SearchHeadline(
                "title",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            ),
            "snippet_marked": SearchHeadline(
                "body",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        }
    else:
        annotations = {
            # bm25() is lower for better matches; weights follow the columns.
            "score": RawSQL(
                "-bm25(search_document, 0, 0, 0, 10.0, 1.0)",
                (),
                output_field=FloatField(),
            ),
            "title_marked": RawSQL(
                "highlight(search_document, 3, %s, %s)",
                (START, STOP),
                output_field=TextField(),
            ),
            "snippet_marked": RawSQL(
                "snippet(search_document, 4, %s, %s, %s, 30)",
                (START, STOP, "…"),
                output_field=TextField(),
            ),
        }
    rowids = _candidates(query, kind) if rowids is None else rowids
    return (
        _matching(query)
        .filter(_among(rowids))
        .filter(_public())
        .annotate(**annotations, **_provenance())
    )


def _among(rowids: list[int]):
    """``rowid IN (…)``; on SQLite written so that FTS5 does not take it as a
    constraint (it would run the full-text query once per rowid)."""
    if connection.vendor == "postgresql":
        return Q(rowid__in=rowids)
    placeholders = ", ".join(["%s"] * len(rowids))
    return RawSQL(
        f"(search_document.rowid + 0) IN ({placeholders})",
        rowids,
        output_field=BooleanField(),
    )


def find(query: ParsedQuery, *, kind: str | None = None, rowids=None) -> QuerySet:
    """Public hits as rows, best first; turn each into a ``Hit`` with ``to_hit``.

    ``rowids``: the candidates, when the caller has them already.
    """
    if not query:
        return SearchDocument.objects.none()
    rows = _ranked(query, kind, rowids)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.values(
        "kind",
        "slug",
        "title",
        "score",
        "title_marked",
        "snippet_marked",
        "provenance_unsourced",
        "provenance_ai_only",
    ).order_by("-score", "title", "rowid")


class Counts(dict):
    """Public hits of each kind among the candidates; `capped` if there are more."""

    def __init__(self, by_kind=(), capped: bool = False):
        super().__init__(by_kind)
        self.capped = capped


def count_by_kind(query: ParsedQuery, rowids=None) -> Counts:
    """How many public hits of each kind (among at most MAX_MATCHES), in one query."""
    if not query:
        return Counts({})
    rows = (
        SearchDocument.objects.filter(
            rowid__in=_candidates(query) if rowids is None else rowids
        )
        .values("kind")
        .annotate(n=Count("rowid", filter=_public()), candidates=Count("rowid"))
        .order_by()
    )
    rows = list(rows)
    return Counts(
        {row["kind"]: row["n"] for row in rows if row["n"]},
        capped=sum(row["candidates"] for row in rows) >= MAX_MATCHES,
    )


def to_hit(row: dict) -> Hit:
    return Hit(
        kind=row["kind"],
        title=row["title"],
        title_html=mark_matches(row["title_marked"]),
        snippet=mark_matches(strip_markdown(row["snippet_marked"] or "").strip()),
        url=reverse(registry.get(row["kind"]).url_name, kwargs={"slug": row["slug"]}),
        rank=row["score"],
        provenance_unsourced=bool(row.get("provenance_unsourced")),
        provenance_ai_only=bool(row.get("provenance_ai_only")),
    )


def search(
    query: str, *, kind: str | None = None, limit: int = 20, offset: int = 0
) -> list[Hit]:
    """The public hits for a reader's query, best first."""
    rows = find(parse_query(query), kind=kind)[offset : offset + limit]
    return [to_hit(row) for row in rows]


def matching_ids(model, query: str) -> QuerySet | None:
    """A subquery of the ids of ``model``'s rows matching ``query``.

    None when the query has nothing to search for. Visibility is left to the
    caller's queryset, which already starts from ``published()`` where needed.
    """
    parsed = parse_query(query)
    if not parsed:
        return None
    kind = registry.for_model(model).kind
    if connection.vendor == "postgresql":
        return _matching(parsed).filter(kind=kind).values("object_id")
    # FTS5 needs the table's own name in MATCH, which Django renames in a
    # subquery, so this one is written out.
    return RawSQL(
        "SELECT object_id FROM search_document "
        "WHERE search_document MATCH %s AND kind = %s",
        (parsed.as_fts5(), kind),
    )
