"""Split a raw article (like the seeds) into a title and sections, minus boilerplate.

Headings are short lines without closing punctuation. Boilerplate is what the
web page wrapped around the text: links to other articles ("See also …"),
"Scroll to Top", and the repeated notices that AI wrote the article.
"""

import re
from dataclasses import dataclass, field

MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 16

BOILERPLATE = [
    re.compile(r"^see also\b", re.IGNORECASE),
    re.compile(r"^scroll to top$", re.IGNORECASE),
    re.compile(
        r"\b(generated|written|created|produced)\s+(with|by|using)\s+"
        r"(the\s+)?((assistance|help|support)\s+of\s+)?"
        r"(AI|artificial intelligence)\b(\s+support)?",
        re.IGNORECASE,
    ),
]
AI_NOTICE = BOILERPLATE[2]
LIST_ITEM = re.compile(r"^(?:[•·▪◦*\-–]|(\d+)[.)])\s+(.*)$")
CLOSING_PUNCTUATION = '.:;,!?…"”’)'


@dataclass
class Section:
    heading: str
    blocks: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The section as Markdown: paragraphs, and lists kept together."""
        return "\n\n".join(self.blocks)

    @property
    def first_paragraph(self) -> str:
        return next((b for b in self.blocks if not LIST_ITEM.match(b)), "")


@dataclass
class Article:
    title: str
    sections: list[Section]
    says_ai_generated: bool


def is_boilerplate(line: str) -> bool:
    return any(pattern.search(line) for pattern in BOILERPLATE)


def is_heading(line: str) -> bool:
    return (
        len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and line[0].isupper()
        and line[-1] not in CLOSING_PUNCTUATION
        and not LIST_ITEM.match(line)
    )


def _as_markdown_item(match: re.Match) -> str:
    number, text = match.groups()
    return f"{number}. {text}" if number else f"- {text}"


def parse_article(text: str) -> Article:
    """Title (the first heading) and the sections that have text under them.

    Text before the first heading joins the first section; a heading repeated
    later in the article collects the text of both places.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    kept = [line for line in lines if line and not is_boilerplate(line)]
    says_ai_generated = any(AI_NOTICE.search(line) for line in lines)

    sections: dict[str, Section] = {}
    current: Section | None = None
    leading: list[str] = []
    for line in kept:
        if is_heading(line):
            current = sections.setdefault(line, Section(line))
            if leading:
                current.blocks[:0] = leading
                leading = []
            continue
        item = LIST_ITEM.match(line)
        blocks = current.blocks if current is not None else leading
        if item and blocks and LIST_ITEM.match(blocks[-1].splitlines()[-1]):
            blocks[-1] += "\n" + _as_markdown_item(item)
        else:
            blocks.append(_as_markdown_item(item) if item else line)
    if not sections:
        return Article(title="", sections=[], says_ai_generated=says_ai_generated)
    title = next(iter(sections))
    return Article(
        title=title,
        sections=[s for s in sections.values() if s.blocks],
        says_ai_generated=says_ai_generated,
    )
