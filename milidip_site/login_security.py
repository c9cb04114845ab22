"""Who is logging in from where: the client address used by login throttling."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the address the outermost trusted proxy saw.

    With DJANGO_TRUSTED_PROXY_COUNT = n proxies in front of the site, each
    appends the address it received from to X-Forwarded-For, so the client is
    the n-th entry from the right; anything further left was sent by the
    client and is not trusted. A header too short for n proxies falls back to
    REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
