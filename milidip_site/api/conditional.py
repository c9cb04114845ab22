"""Conditional requests: ETags, 304 Not Modified, and If-Match against lost updates.

The ETag is a hash of the representation (its data and media type), not of
``updated_at`` alone: a case study's response also changes when one of its
citations or participants does, and a client must not keep a stale copy then.
A write sent with ``If-Match`` succeeds only while the object's current
representation still has that ETag, otherwise it is refused with 412. A write
without ``If-Match`` is accepted (last write wins), so simple clients keep working,
unless the site sets ``API_REQUIRE_IF_MATCH`` (``DJANGO_API_REQUIRE_IF_MATCH=1``):
then it is refused with 428 Precondition Required.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from rest_framework.utils.encoders import JSONEncoder

from .problems import PreconditionFailed, PreconditionRequired

JSON_MEDIA_TYPE = "application/json"
# Headers a 304 keeps from the 200 it stands for (RFC 9110, section 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "ETag", "Vary", "Content-Location")


def representation_etag(data, media_type: str = JSON_MEDIA_TYPE) -> str:
    payload = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{media_type}\n{payload}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def _matches(header: str, etag: str) -> bool:
    tags = parse_etags(header)
    # Weak comparison: a W/ prefix added by a proxy does not make a tag differ.
    return "*" in tags or etag.removeprefix("W/") in {
        t.removeprefix("W/") for t in tags
    }


class ConditionalRequestMixin:
    """ETag on reads and writes, 304 on If-None-Match, 412 on a failed If-Match."""

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in ("PUT", "PATCH", "DELETE"):
            return obj
        if_match = self.request.headers.get("If-Match")
        if not if_match and settings.API_REQUIRE_IF_MATCH:
            raise PreconditionRequired()
        if if_match:
            if not _matches(if_match, self.current_etag(obj)):
                raise PreconditionFailed()
        return obj

    def current_etag(self, obj) -> str:
        """The ETag a write's If-Match must match."""
        return representation_etag(self.get_serializer(obj).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            response.status_code not in (200, 201)
            or getattr(response, "data", None) is None
        ):
            return response
        if request.method in ("GET", "HEAD"):
            renderer = getattr(response, "accepted_renderer", None)
            media_type = renderer.media_type if renderer else JSON_MEDIA_TYPE
            # A view may name the version itself (pending changes, editorial/drafts.py).
            etag = getattr(response, "etag", None) or representation_etag(
                response.data, media_type
            )
            response["ETag"] = etag
            patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
            if_none_match = request.headers.get("If-None-Match")
            if if_none_match and _matches(if_none_match, etag):
                return self._not_modified(response)
        elif request.method in ("POST", "PUT", "PATCH") and self.detail_like(response):
            response["ETag"] = getattr(response, "etag", None) or representation_etag(
                response.data
            )
            if response.status_code == 201:
                # str(): DRF's Hyperlink is a str subclass that WSGI servers refuse.
                response["Location"] = str(response.data["api_url"])
        return response

    def detail_like(self, response) -> bool:
        return isinstance(response.data, dict) and "api_url" in response.data

    @staticmethod
    def _not_modified(response):
        not_modified = HttpResponseNotModified()
        for header, value in response.items():
            if header in NOT_MODIFIED_HEADERS or header.startswith("RateLimit-"):
                not_modified[header] = value
        return not_modified
