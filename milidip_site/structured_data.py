"""schema.org JSON-LD for pages, safe to embed in a <script> element."""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

# The same escapes Django's json_script uses, so no text can close the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict | list) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(
        _SCRIPT_ESCAPES
    )
    return mark_safe(text)  # noqa: S308 - markup characters escaped just above


def article(obj, *, url: str, about: list[str] | None = None) -> dict:
    """A topic or case study as a schema.org Article."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": obj.title,
        "description": obj.summary,
        "url": url,
        "mainEntityOfPage": url,
        "author": {"@type": "Organization", "name": settings.SITE_AUTHOR},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "inLanguage": "en",
    }
    if obj.publish_at:
        data["datePublished"] = obj.publish_at.isoformat()
    if obj.updated_at:
        data["dateModified"] = obj.updated_at.isoformat()
    if about:
        data["about"] = about
    return data


def website(*, url: str, search_url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": url,
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search_url}?q={{query}}",
            "query-input": "required name=query",
        },
    }
