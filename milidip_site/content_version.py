"""One version token for everything readers see; a change to public content renews it.

The page cache (``milidip_site.page_cache``) puts the token in every key, so a
new token retires every cached page and API response at once, on every app
server sharing the cache. The token is renewed:

- when a content row is saved or deleted, or a content relation changes
  (``PAGE_CACHE_CONTENT_MODELS``), once the transaction commits: a change that is
  rolled back (say a pending draft saved in a nested ``atomic()`` block that is
  then rolled back) renews nothing. Django drops those callbacks only for
  ``atomic()`` savepoints, not for a bare ``savepoint_rollback()``;
- when the next scheduled publication time is reached: the token is stored with
  a timeout that ends then, and the next request makes a new one.

Renewing is deleting the token: the next request stores a fresh random one with
``add``, so concurrent app servers agree on a single token.
"""

import math
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

KEY = "content-version"


def next_scheduled_publication():
    """The earliest publish-at time still in the future of a published item, or None."""
    from editorial.models import PublicationStatus

    now = timezone.now()
    times = [
        model.objects.filter(status=PublicationStatus.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
        for model in scheduled_models()
    ]
    return min((t for t in times if t is not None), default=None)


def scheduled_models() -> list[type[models.Model]]:
    from editorial.models import Publishable

    return [m for m in content_models() if issubclass(m, Publishable)]


def content_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in settings.PAGE_CACHE_CONTENT_MODELS]


def current() -> dict:
    """``{"token": …, "expires": unix time or None}``: the version now in force."""
    state = cache.get(KEY)
    if state is not None:
        return state
    upcoming = next_scheduled_publication()
    expires = upcoming.timestamp() if upcoming else None
    state = {"token": uuid.uuid4().hex, "expires": expires}
    timeout = None if expires is None else max(1, math.ceil(expires - _now()))
    cache.add(KEY, state, timeout)
    # Another server may have stored its token first: everyone uses that one.
    return cache.get(KEY) or state


def renew() -> None:
    cache.delete(KEY)


def renew_on_commit(**kwargs) -> None:
    transaction.on_commit(renew, using=kwargs.get("using"))


def _now() -> float:
    return timezone.now().timestamp()


def connect() -> None:
    """Renew the version when any model that readers see changes."""
    for model in content_models():
        uid = f"content-version-{model._meta.label_lower}"
        post_save.connect(renew_on_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(renew_on_commit, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                renew_on_commit,
                sender=through,
                dispatch_uid=f"{uid}-{field.name}-m2m",
            )
