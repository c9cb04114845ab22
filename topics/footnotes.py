"""Claims tied to sentences: ``[^key]`` in a body names one of the item's citations.

A body refers to a citation by its key (``Citation.key``). Rendered, each
reference is a superscript number linking to the citation's entry in the
list of sources (``#citation-<pk>``); citations are numbered in order of
first use, those the body never mentions follow in their own order, and
each entry links back to every place it is used (``#cite-use-<pk>-<n>``).

References are found by a Markdown inline pattern, so ``[^key]`` inside code
stays code. A reference to no citation is an error when an editor saves
(`unknown_keys`); if one reaches a page anyway, it is left as plain text,
never a broken link. Rendering reads only the citations it is given (prefetch
them), so footnotes cost no query.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from milidip_site.markdown import render_markdown

KEY_PATTERN = r"[A-Za-z0-9_-]+"
REFERENCE_PATTERN = r"\[\^(" + KEY_PATTERN + r")\]"
# Only ids and classes this module writes survive the sanitizer.
USE_ID = re.compile(r"^cite-use-\d+-\d+$")
ALLOWED_CLASSES = {"footnote-ref"}


@dataclass
class Footnote:
    """One citation as the list of sources shows it: its number and its uses."""

    citation: object
    number: int
    uses: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"citation-{self.citation.pk}"


@dataclass
class FootnotedBody:
    html: SafeString
    footnotes: list[Footnote]
    unknown: list[str]


class _ReferenceProcessor(InlineProcessor):
    def __init__(self, pattern, body):
        super().__init__(pattern)
        self.body = body

    def handleMatch(self, m, data):  # noqa: N802 - Markdown's API
        note = self.body.use(m.group(1))
        if note is None:
            return None, None, None  # left as the text it is
        sup = etree.Element("sup")
        sup.set("class", "footnote-ref")
        sup.set("id", note.uses[-1])
        link = etree.SubElement(sup, "a")
        link.set("href", f"#{note.anchor}")
        link.set("aria-label", f"Source {note.number}")
        link.text = str(note.number)
        return sup, m.start(0), m.end(0)


class _Numbering:
    """Collects the references of one body while Markdown renders it."""

    def __init__(self, citations):
        self.by_key = {c.key: c for c in citations if c.key}
        self.notes: dict[int, Footnote] = {}
        self.unknown: list[str] = []

    def use(self, key: str) -> Footnote | None:
        citation = self.by_key.get(key)
        if citation is None:
            if key not in self.unknown:
                self.unknown.append(key)
            return None
        note = self.notes.get(citation.pk)
        if note is None:
            note = self.notes[citation.pk] = Footnote(citation, len(self.notes) + 1)
        note.uses.append(f"cite-use-{citation.pk}-{len(note.uses) + 1}")
        return note


class _FootnoteExtension(Extension):
    def __init__(self, numbering):
        super().__init__()
        self.numbering = numbering

    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        # Before links and references, which would read "[^key]" as a link label.
        md.inlinePatterns.register(
            _ReferenceProcessor(REFERENCE_PATTERN, self.numbering), "citation_ref", 175
        )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if tag == "sup" and USE_ID.match(value) else None
    if attribute == "class":
        return value if value in ALLOWED_CLASSES else None
    return value


SANITIZER_OPTIONS = {
    "attributes": {"sup": {"id", "class"}, "a": {"aria-label"}},
    "attribute_filter": _attribute_filter,
}


def render_body(text: str, citations) -> FootnotedBody:
    """The body as HTML with numbered references, and the citations numbered.

    ``citations`` are the item's citations in their own order; the result lists
    them all, those used first (in order of first use), then the others.
    """
    citations = list(citations)
    numbering = _Numbering(citations)
    html = render_markdown(
        text, extensions=[_FootnoteExtension(numbering)], **SANITIZER_OPTIONS
    )
    footnotes = list(numbering.notes.values())
    for citation in citations:
        if citation.pk not in numbering.notes:
            footnotes.append(Footnote(citation, len(footnotes) + 1))
    return FootnotedBody(html=html, footnotes=footnotes, unknown=numbering.unknown)


class _KeyOnly:
    """A stand-in citation for validation: only its key matters."""

    def __init__(self, key: str, pk: int):
        self.key, self.pk = key, pk


def unknown_keys(text: str, keys) -> list[str]:
    """The keys ``text`` refers to that are not among ``keys``, in order of use."""
    stand_ins = [_KeyOnly(key, pk) for pk, key in enumerate(set(keys), start=1)]
    return render_body(text, stand_ins).unknown


def referenced_keys(text: str) -> list[str]:
    """Every key ``text`` refers to, in order of first use."""
    return unknown_keys(text, ())


def check_references(text: str, keys) -> None:
    """Refuse a body that refers to a citation key the item does not have."""
    missing = unknown_keys(text, keys)
    if missing:
        named = ", ".join(f"[^{key}]" for key in missing)
        raise ValidationError(
            f"The text refers to {named}, but no citation of this item has "
            f"{'that key' if len(missing) == 1 else 'those keys'}. Give a citation "
            "that key, or correct the reference.",
            code="unknown_citation_key",
        )
