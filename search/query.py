"""Turn what a reader typed into a query both databases accept.

The grammar is the familiar web-search one: words, "quoted phrases", ``-word``
to exclude, ``or`` between alternatives. A bare word also matches as a prefix
(``nat`` finds NATO), a quoted one only as a whole word. Everything else (FTS5
operators, brackets, colons, stray quotes) is plain text, so no input can make
the database raise a syntax error.
"""

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    exclude: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A cleaned query: alternatives (joined by OR), each a list of terms."""

    text: str
    truncated: bool
    alternatives: tuple[tuple[Term, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    def as_fts5(self) -> str:
        """An FTS5 MATCH expression in which every word is a quoted string."""
        clauses = []
        for terms in self.alternatives:
            required = " AND ".join(_fts5_string(t) for t in terms if not t.exclude)
            clause = f"({required})"
            for term in terms:
                if term.exclude:
                    clause = f"({clause} NOT {_fts5_string(term)})"
            clauses.append(clause)
        return " OR ".join(clauses)

    def as_tsquery(self) -> str:
        """The same query for PostgreSQL's ``to_tsquery``; words are quoted lexemes."""
        clauses = []
        for terms in self.alternatives:
            parts = [
                ("!" if term.exclude else "") + f"({_tsquery_phrase(term)})"
                for term in terms
            ]
            clauses.append("(" + " & ".join(parts) + ")")
        return " | ".join(clauses)


def _fts5_string(term: Term) -> str:
    # Words are \w+ runs, so they never contain a double quote.
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def _tsquery_phrase(term: Term) -> str:
    # Words are \w+ runs, so they never contain a single quote.
    suffix = ":*" if term.prefix else ""
    return " <-> ".join(f"'{word}'{suffix}" for word in term.words)


def parse_query(raw: str | None) -> ParsedQuery:
    """Clean, cap and parse a query; an empty result means "nothing to search"."""
    text = " ".join(_UNSAFE.sub(" ", raw or "").split())
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()
    alternatives, terms = [], []
    for match in _CHUNK.finditer(text):
        sign, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            alternatives.append(terms)
            terms = []
            continue
        if bare is not None:
            sign, phrase = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        words = tuple(word.lower() for word in _WORD.findall(phrase))
        if words:
            prefix = bare is not None and len(words) == 1 and sign != "-"
            terms.append(Term(words, exclude=sign == "-", prefix=prefix))
    alternatives.append(terms)
    return ParsedQuery(
        text=text,
        truncated=truncated,
        alternatives=tuple(
            tuple(terms)
            for terms in alternatives
            if any(not term.exclude for term in terms)
        ),
    )
