"""Whole responses for anonymous readers, kept in the shared cache.

An anonymous GET or HEAD (no session cookie, no ``Authorization`` header) of a
page, feed, sitemap or API resource is answered from the cache when the same
address was rendered for the same ``Accept`` and ``Accept-Encoding`` under the
current content version (``milidip_site.content_version``): a publish, an
unpublish, a live edit or a deletion changes the version, and so every key, at
once. Only a 200 without cookies, without a CSRF token, without a CSP nonce and
without ``private``/``no-store``/``no-cache`` is stored, so no per-user content and
no error is ever served to someone else.

Every anonymous answer carries an ETag and Last-Modified (a matching
``If-None-Match`` or ``If-Modified-Since`` gets a 304) and, unless the view said
otherwise, ``Cache-Control: public, max-age=…, stale-while-revalidate=…`` for a
CDN. Requests with credentials get ``private, no-store``.

A hit on the API still counts against the client's rate limit
(``PAGE_CACHE_RATE_LIMITS`` names the API's counter; a client over its limit goes
on to the view for its 429);
the request log, further out, logs hits like any other request.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string

from . import content_version
from .middleware.database import DATABASE_ERRORS

HIT_HEADER = "X-Cache"
# Headers of the stored response that belong to one request, not to the page.
PER_REQUEST_HEADERS = {"x-request-id", "set-cookie", "date"}
RATE_LIMIT_PREFIX = "ratelimit-"
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")


def has_credentials(request) -> bool:
    return bool(
        request.headers.get("Authorization")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def is_cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not has_credentials(request)
        and not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDE_PREFIXES))
    )


def cache_key(request, version: dict) -> str:
    parts = [
        version["token"],
        request.get_host(),
        request.get_full_path(),
        request.headers.get("Accept", ""),
        request.headers.get("Accept-Encoding", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def is_storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and "nonce-" not in response.get("Content-Security-Policy", "")
        and not any(d in cache_control for d in NO_STORE_DIRECTIVES)
        and not (user is not None and user.is_authenticated)
    )


def entry_timeout(version: dict) -> int:
    """The server-side lifetime, ending no later than the next scheduled publication."""
    timeout = settings.PAGE_CACHE_SECONDS
    if version.get("expires"):
        timeout = min(timeout, max(1, int(version["expires"] - time.time())))
    return timeout


def freeze(response) -> dict:
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_REQUEST_HEADERS
        and not name.lower().startswith(RATE_LIMIT_PREFIX)
    ]
    return {
        "status": response.status_code,
        "headers": headers,
        "body": response.content,
    }


def thaw(entry: dict, request) -> HttpResponse:
    response = HttpResponse(
        b"" if request.method == "HEAD" else entry["body"], status=entry["status"]
    )
    for name, value in entry["headers"]:
        response[name] = value
    if request.method == "HEAD":
        response["Content-Length"] = str(len(entry["body"]))
    return response


def mark_public(response) -> None:
    if response.has_header("Cache-Control"):
        return
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


def add_validators(response) -> None:
    if not response.has_header("ETag"):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()


def conditional(request, response):
    """A 304 when the client's copy is current, else the response itself."""
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if has_credentials(request) and not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response

        try:
            version = content_version.current()
        except DATABASE_ERRORS:
            # The view meets the outage too and answers 503 (middleware.database).
            return self.get_response(request)
        key = cache_key(request, version)
        entry = cache.get(key)
        if entry is not None:
            response = self.serve_hit(request, entry)
            if response is not None:
                return response

        response = self.get_response(request)
        if not is_storable(request, response):
            return response
        mark_public(response)
        add_validators(response)
        patch_vary_headers(response, ["Cookie"])
        cache.set(key, freeze(response), entry_timeout(version))
        response[HIT_HEADER] = "MISS"
        return conditional(request, response)

    def serve_hit(self, request, entry):
        limits = {}
        for prefix, count in settings.PAGE_CACHE_RATE_LIMITS.items():
            if request.path.startswith(prefix):
                allowed, limits = import_string(count)(request)
                if not allowed:
                    return None  # the view answers 429 with its problem document
        response = thaw(entry, request)
        for name, value in limits.items():
            response[name] = value
        response[HIT_HEADER] = "HIT"
        answer = conditional(request, response)
        for name, value in limits.items():
            answer[name] = value
        return answer
