"""Links to addresses stored in the database, for templates."""

from urllib.parse import urlsplit

from django import template

register = template.Library()

LINK_SCHEMES = {"http", "https"}


@register.filter
def safe_url(value) -> str:
    """`value` if it is an http(s) address, else "" (so no link is rendered).

    Form validation keeps other schemes out, but a row written around it
    (an import, a data migration, the shell) must not become a
    `javascript:` or `data:` link on a reader's page.
    """
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return ""
    return text
