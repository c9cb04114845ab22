"""The address of the client, as far as this deployment can trust it.

``X-Forwarded-For`` is a list every proxy appends to; anything left of what our
own proxies wrote is whatever the client chose to send. So with
``TRUSTED_PROXY_COUNT = N`` (env ``DJANGO_TRUSTED_PROXY_COUNT``) the client is the
N-th address from the right, and with 0 (the default: no proxy in front) the
header is ignored and the client is ``REMOTE_ADDR``. Rate limits and security
logs key on this one function.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "unknown"


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's IP address (text), or "unknown" if there is none to trust."""
    meta = request.META
    remote = _valid(meta.get("REMOTE_ADDR") or "") or UNKNOWN
    proxies = max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0), 0)
    if not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped some of them, so the whole
    # list came from ours and its first entry is the client.
    candidate = forwarded[-min(proxies, len(forwarded))]
    return _valid(candidate) or remote


def known_client_address(request) -> str | None:
    """The client's address, or None: what django-axes stores (an IP field)."""
    address = client_address(request)
    return None if address == UNKNOWN else address
