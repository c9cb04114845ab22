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


_local = threading.local()


def _converter() -> md.Markdown:
    """This thread's Markdown converter: building one costs more than a conversion."""
    if not hasattr(_local, "converter"):
        _local.converter = md.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return _local.converter.reset()


@functools.lru_cache(maxsize=512)
def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML that is safe to put in a page: no scripts, no styles.

    The result depends on the text alone, so the most recent texts are remembered.
    """
    html = _converter().convert(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
