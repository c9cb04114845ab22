"""“Cite this page”: a formatted reference and BibTeX, RIS and CSL-JSON exports.

Every format is built from one `PageReference`, so the reference shown on the
page and the files a reference manager imports always agree.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as format_date

SITE_NAME = "Milidip"
AUTHOR = "Milidip editors"


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
    content_type: str


FORMATS = {
    f.slug: f
    for f in (
        ExportFormat("bibtex", "BibTeX", "bib", "application/x-bibtex; charset=utf-8"),
        ExportFormat(
            "ris", "RIS", "ris", "application/x-research-info-systems; charset=utf-8"
        ),
        ExportFormat(
            "csl-json",
            "CSL-JSON",
            "json",
            "application/vnd.citationstyles.csl+json; charset=utf-8",
        ),
    )
}


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


def to_bibtex(ref: PageReference) -> str:
    fields = [
        ("title", "{" + bibtex_escape(ref.title) + "}"),
        ("author", "{" + AUTHOR + "}"),
        ("organization", SITE_NAME),
        ("url", bibtex_url(ref.url)),
        ("urldate", ref.accessed.isoformat()),
    ]
    if ref.issued:
        fields += [
            ("year", str(ref.issued.year)),
            ("date", ref.issued.isoformat()),
        ]
    if ref.abstract:
        fields.append(("abstract", bibtex_escape(ref.abstract)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{ref.key},\n{body}\n}}\n"


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


def _date_parts(value: date) -> dict:
    return {"date-parts": [[value.year, value.month, value.day]]}


def to_csl_data(ref: PageReference) -> list[dict]:
    item = {
        "id": ref.key,
        "type": "webpage",
        "title": ref.title,
        "author": [{"literal": AUTHOR}],
        "container-title": SITE_NAME,
        "URL": ref.url,
        "accessed": _date_parts(ref.accessed),
    }
    if ref.issued:
        item["issued"] = _date_parts(ref.issued)
    if ref.abstract:
        item["abstract"] = ref.abstract
    return [item]


def to_csl_json(ref: PageReference) -> str:
    return json.dumps(to_csl_data(ref), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"bibtex": to_bibtex, "ris": to_ris, "csl-json": to_csl_json}
