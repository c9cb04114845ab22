"""Every citation format: BibTeX, RIS and CSL-JSON, for pages and for sources.

Two things are cited. A Milidip page ("Cite this page") is one `PageReference`,
so the reference shown on the page and the files a reference manager imports
always agree. A source (the API's bibliography exports) is its serialized
form. Both go through the same BibTeX entry writer and CSL item builder.
"""

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.dateformat import format as format_date

SITE_NAME = settings.SITE_NAME
AUTHOR = settings.SITE_AUTHOR


@dataclass(frozen=True)
class PageReference:
    key: str
    title: str
    url: str
    published: date | None
    updated: date | None
    accessed: date
    abstract: str = ""

    @property
    def issued(self) -> date | None:
        return self.updated or self.published


@dataclass(frozen=True)
class ExportFormat:
    slug: str
    label: str
    extension: str
    media_type: str

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


BIBTEX = ExportFormat("bibtex", "BibTeX", "bib", "application/x-bibtex")
RIS = ExportFormat("ris", "RIS", "ris", "application/x-research-info-systems")
CSL_JSON = ExportFormat(
    "csl-json", "CSL-JSON", "json", "application/vnd.citationstyles.csl+json"
)
FORMATS = {f.slug: f for f in (BIBTEX, RIS, CSL_JSON)}


def page_reference(obj, *, url: str, accessed: date) -> PageReference:
    """The reference data of a published topic or case study."""
    return PageReference(
        key=f"milidip-{obj.slug}",
        title=obj.title,
        url=url,
        published=obj.publish_at.date() if obj.publish_at else None,
        updated=obj.updated_at.date() if obj.updated_at else None,
        accessed=accessed,
        abstract=obj.summary,
    )


def formatted_reference(ref: PageReference) -> str:
    """A plain-text reference in a common author–title–site–date style."""
    parts = [f"{AUTHOR}. “{ref.title}.” {SITE_NAME}"]
    if ref.issued:
        parts.append(f", last updated {format_date(ref.issued, 'j F Y')}")
    parts.append(f". {ref.url} (accessed {format_date(ref.accessed, 'j F Y')}).")
    return "".join(parts)


_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    # Escaped braces still count towards BibTeX's brace balance: use words.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX value: LaTeX specials escaped, no stray braces."""
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in str(text))


def bibtex_url(url: str) -> str:
    """A URL kept verbatim (the url package reads it raw) but with no braces.

    Percent-encoding the braces keeps the address the same.
    """
    return str(url).replace("{", "%7B").replace("}", "%7D")


VERBATIM_FIELDS = {"url", "doi", "howpublished"}


def _bibtex_field(name: str, value, protected: bool) -> str:
    if name == "month":
        return f"  month = {value}"  # a macro, not a braced string
    text = bibtex_url(value) if name in VERBATIM_FIELDS else bibtex_escape(value)
    if protected:  # an extra pair of braces keeps capitals and corporate names
        text = "{" + text + "}"
    return f"  {name} = {{{text}}}"


def bibtex_entry(entry_type: str, key: str, fields, *, protect=()) -> str:
    """One BibTeX entry from (name, value) pairs; empty values are left out.

    URL-like fields are kept verbatim, `month` is written as a macro, anything
    else is escaped; the fields named in `protect` get an extra pair of braces.
    """
    lines = [
        _bibtex_field(name, value, name in protect)
        for name, value in fields
        if value not in (None, "")
    ]
    return f"@{entry_type}{{{key},\n" + ",\n".join(lines) + "\n}\n"


def to_bibtex(ref: PageReference) -> str:
    issued = ref.issued
    return bibtex_entry(
        "online",
        ref.key,
        [
            ("title", ref.title),
            ("author", AUTHOR),
            ("organization", SITE_NAME),
            ("url", ref.url),
            ("urldate", ref.accessed.isoformat()),
            ("year", str(issued.year) if issued else None),
            ("date", issued.isoformat() if issued else None),
            ("abstract", ref.abstract),
        ],
        protect={"title", "author"},
    )


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def to_ris(ref: PageReference) -> str:
    lines = [
        _ris_line("TY", "ELEC"),
        _ris_line("TI", ref.title),
        _ris_line("AU", AUTHOR),
        _ris_line("PB", SITE_NAME),
        _ris_line("UR", ref.url),
        _ris_line("Y2", ref.accessed.strftime("%Y/%m/%d")),
    ]
    if ref.issued:
        lines.append(_ris_line("PY", str(ref.issued.year)))
        lines.append(_ris_line("DA", ref.issued.strftime("%Y/%m/%d")))
    if ref.abstract:
        lines.append(_ris_line("AB", ref.abstract))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def _date_parts(*parts) -> dict | None:
    """CSL's date form; None for no date, and trailing unknown parts dropped."""
    known = [p for p in parts if p is not None]
    return {"date-parts": [known]} if known else None


def csl_item(**fields) -> dict:
    """One CSL-JSON item; keys are CSL's names, and empty values are left out."""
    return {
        name: value for name, value in fields.items() if value not in (None, "", [])
    }


def dump_csl_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2)


def to_csl_data(ref: PageReference) -> list[dict]:
    issued = ref.issued
    return [
        csl_item(
            **{
                "id": ref.key,
                "type": "webpage",
                "title": ref.title,
                "author": [{"literal": AUTHOR}],
                "container-title": SITE_NAME,
                "URL": ref.url,
                "accessed": _date_parts(
                    ref.accessed.year, ref.accessed.month, ref.accessed.day
                ),
                "issued": _date_parts(issued.year, issued.month, issued.day)
                if issued
                else None,
                "abstract": ref.abstract,
            }
        )
    ]


def to_csl_json(ref: PageReference) -> str:
    return dump_csl_json(to_csl_data(ref)) + "\n"


RENDERERS = {"bibtex": to_bibtex, "ris": to_ris, "csl-json": to_csl_json}


# Sources, as the API serializes them: the bibliography exports.

SOURCE_BIBTEX_TYPES = {
    "article": "article",
    "book": "book",
    "report": "techreport",
}
SOURCE_CSL_TYPES = {
    "article": "article",
    "treaty": "treaty",
    "official_document": "document",
    "book": "book",
    "report": "report",
    "dataset": "dataset",
    "web_page": "webpage",
}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def _authors(source: dict) -> list[str]:
    return [
        name.strip()
        for name in (source.get("authors") or "").split(";")
        if name.strip()
    ]


def _doi(source: dict) -> str | None:
    identifier = source.get("identifier") or ""
    return identifier if DOI.match(identifier) else None


def _source_note(source: dict) -> str:
    parts = [f"Reliability: {source['reliability_label']}"]
    identifier = source.get("identifier") or ""
    if identifier and not _doi(source):
        parts.append(f"Identifier: {identifier}")
    return ". ".join(parts)


def source_bibtex_entry(source: dict) -> str:
    kind = source.get("kind")
    month = source.get("month")
    publisher_field = {"article": "journal", "report": "institution"}.get(
        kind, "publisher"
    )
    fields = [
        ("author", " and ".join(_authors(source))),
        ("title", source.get("title")),
        ("year", source.get("year")),
        # BibTeX's month macros (jan … dec) sort and localise; numbers do not.
        ("month", calendar.month_abbr[month].lower() if month else None),
        ("day", source.get("day")),
        ("url", source.get("url")),
        ("urldate", source.get("accessed_on")),
        ("note", _source_note(source)),
        (publisher_field, source.get("publisher")),
        ("doi", _doi(source)),
        ("howpublished", source.get("url") if kind == "web_page" else None),
    ]
    return bibtex_entry(SOURCE_BIBTEX_TYPES.get(kind, "misc"), source["slug"], fields)


def sources_to_bibtex(sources: list[dict]) -> str:
    return "\n".join(source_bibtex_entry(source) for source in sources)


def _csl_name(name: str) -> dict:
    family, comma, given = name.partition(",")
    if comma:
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": name}


def source_csl_item(source: dict) -> dict:
    accessed = source.get("accessed_on")
    year = source.get("year")
    return csl_item(
        **{
            "id": source["slug"],
            "type": SOURCE_CSL_TYPES.get(source.get("kind"), "document"),
            "title": source.get("title"),
            "note": _source_note(source),
            "author": [_csl_name(name) for name in _authors(source)],
            "publisher": source.get("publisher"),
            "URL": source.get("url"),
            "DOI": _doi(source),
            "issued": _date_parts(year, source.get("month"), source.get("day"))
            if year is not None
            else None,
            "accessed": _date_parts(*(int(p) for p in accessed.split("-")))
            if accessed
            else None,
        }
    )


def sources_to_csl(sources: list[dict]) -> list[dict]:
    return [source_csl_item(source) for source in sources]
