"""Markdown rendering with sanitized output, shared by topics and case studies."""

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


def render_markdown(
    text: str, *, extensions=(), attributes=None, attribute_filter=None
) -> SafeString:
    """Render Markdown to HTML that is safe to put in a page: no scripts, no styles.

    ``extensions`` add Markdown syntax; ``attributes`` allow more attributes per
    tag, each value passed through ``attribute_filter`` (see nh3.clean).
    """
    html = md.markdown(
        text or "", extensions=[*EXTENSIONS, *extensions], output_format="html"
    )
    allowed = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in (attributes or {}).items():
        allowed[tag] = allowed.get(tag, set()) | set(names)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=allowed,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
