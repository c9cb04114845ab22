"""Markdown rendering with sanitized output, shared by topics and case studies."""

import functools
import threading

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Python-Markdown's "extra" without its footnotes: "[^key]" names a citation
# (topics/footnotes.py), not a footnote written out in the text.
EXTENSIONS = [
    "abbr",
    "attr_list",
    "def_list",
    "fenced_code",
    "md_in_html",
    "tables",
    "sane_lists",
]


_local = threading.local()


def _converter() -> md.Markdown:
    """This thread's plain converter: building one costs more than a conversion."""
    if not hasattr(_local, "converter"):
        _local.converter = md.Markdown(extensions=EXTENSIONS, output_format="html")
    return _local.converter.reset()


@functools.lru_cache(maxsize=512)
def _render_plain(text: str) -> SafeString:
    # The result depends on the text alone, so the most recent texts are remembered.
    return _sanitize(_converter().convert(text), ALLOWED_ATTRIBUTES, None)


def render_markdown(
    text: str, *, extensions=(), attributes=None, attribute_filter=None
) -> SafeString:
    """Render Markdown to HTML that is safe to put in a page: no scripts, no styles.

    ``extensions`` add Markdown syntax (they may keep per-call state, so each
    such call gets its own converter); ``attributes`` allow more attributes per
    tag, each value passed through ``attribute_filter`` (see nh3.clean).
    """
    if not extensions and attributes is None and attribute_filter is None:
        return _render_plain(text or "")
    html = md.markdown(
        text or "", extensions=[*EXTENSIONS, *extensions], output_format="html"
    )
    allowed = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in (attributes or {}).items():
        allowed[tag] = allowed.get(tag, set()) | set(names)
    return _sanitize(html, allowed, attribute_filter)


def _sanitize(html: str, allowed, attribute_filter) -> SafeString:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=allowed,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
