"""Sources as bibliography entries: BibTeX and CSL-JSON (the format Zotero reads).

Both work on the API's serialized sources, so an export shows exactly what the
source list shows, with the same filters.
"""

import calendar
import re

from topics.references import bibtex_escape, bibtex_url

BIBTEX_TYPES = {
    "article": "article",
    "book": "book",
    "report": "techreport",
}
CSL_TYPES = {
    "article": "article",
    "treaty": "treaty",
    "official_document": "document",
    "book": "book",
    "report": "report",
    "dataset": "dataset",
    "web_page": "webpage",
}
VERBATIM_FIELDS = {"url", "doi", "howpublished"}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def _bibtex_month(month: int | None) -> str | None:
    """BibTeX's month macros (jan … dec) sort and localise; plain numbers do not."""
    return calendar.month_abbr[month].lower() if month else None


def _bibtex_field(name: str, value) -> str:
    if name == "month":
        return f"  month = {value}"  # a macro, not a braced string
    return f"  {name} = {{{_bibtex_value(name, value)}}}"


def _bibtex_value(name: str, value) -> str:
    if name in VERBATIM_FIELDS:
        return bibtex_url(value)
    return bibtex_escape(value)


def _authors(source: dict) -> list[str]:
    return [
        name.strip()
        for name in (source.get("authors") or "").split(";")
        if name.strip()
    ]


def _note(source: dict) -> str:
    parts = [f"Reliability: {source['reliability_label']}"]
    identifier = source.get("identifier") or ""
    if identifier and not DOI.match(identifier):
        parts.append(f"Identifier: {identifier}")
    return ". ".join(parts)


def bibtex_entry(source: dict) -> str:
    kind = source.get("kind")
    fields = {
        "author": " and ".join(_authors(source)),
        "title": source.get("title"),
        "year": source.get("year"),
        "month": _bibtex_month(source.get("month")),
        "day": source.get("day"),
        "url": source.get("url"),
        "urldate": source.get("accessed_on"),
        "note": _note(source),
    }
    publisher_field = {"article": "journal", "report": "institution"}.get(
        kind, "publisher"
    )
    fields[publisher_field] = source.get("publisher")
    if DOI.match(source.get("identifier") or ""):
        fields["doi"] = source["identifier"]
    if kind == "web_page":
        fields["howpublished"] = source.get("url")
    lines = [
        _bibtex_field(name, value)
        for name, value in fields.items()
        if value not in (None, "")
    ]
    entry_type = BIBTEX_TYPES.get(kind, "misc")
    return f"@{entry_type}{{{source['slug']},\n" + ",\n".join(lines) + "\n}\n"


def to_bibtex(sources: list[dict]) -> str:
    return "\n".join(bibtex_entry(source) for source in sources)


def _csl_name(name: str) -> dict:
    family, comma, given = name.partition(",")
    if comma:
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": name}


def csl_item(source: dict) -> dict:
    item = {
        "id": source["slug"],
        "type": CSL_TYPES.get(source.get("kind"), "document"),
        "title": source.get("title"),
        "note": _note(source),
    }
    if authors := _authors(source):
        item["author"] = [_csl_name(name) for name in authors]
    if source.get("publisher"):
        item["publisher"] = source["publisher"]
    if source.get("url"):
        item["URL"] = source["url"]
    if DOI.match(source.get("identifier") or ""):
        item["DOI"] = source["identifier"]
    if source.get("year") is not None:
        parts = [source["year"], source.get("month"), source.get("day")]
        item["issued"] = {"date-parts": [[p for p in parts if p is not None]]}
    if source.get("accessed_on"):
        item["accessed"] = {
            "date-parts": [[int(p) for p in source["accessed_on"].split("-")]]
        }
    return item


def to_csl_json(sources: list[dict]) -> list[dict]:
    return [csl_item(source) for source in sources]
