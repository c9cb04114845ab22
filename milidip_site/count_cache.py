"""Counts that cost a scan of a big table, cached until the content changes.

Facet counts, the home page's figures, list totals and sitemap sizes grow with
the content; readers ask for the same ones over and over. They are cached under
a content *generation*: a random token that every save or delete of a topic,
case study, source, actor or citation replaces (at once, and again once the
transaction commits, so a reader who cached in between is not left with the
old figures). A short timeout bounds how long a count can lag behind what time
alone changes (a scheduled item going live).
"""

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.functional import cached_property

GENERATION_KEY = "milidip:count-generation"
TIMEOUT = 300
CONTENT_APPS = frozenset({"topics", "casestudies"})
NOW_SLACK = timedelta(minutes=1)


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION_KEY, token, None)
        token = cache.get(GENERATION_KEY) or token
    return token


def new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def cached(name: str, compute, *parts):
    """`compute()`'s value, shared until the content changes; `parts` key it."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"milidip:count:{generation()}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _key_param(value):
    """published() compares with the current time: near it, the key says "now"."""
    moment = value
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-":
        try:  # SQLite receives datetimes as ISO strings
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(moment, datetime):
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)
        if abs(timezone.now() - moment) < NOW_SLACK:
            return "now"
    return value


def query_key(queryset) -> tuple:
    """What identifies a query's result for the cache: database, SQL, parameters."""
    sql, params = queryset.order_by().query.sql_with_params()
    return (queryset.db, sql, [_key_param(p) for p in params])


def cached_for_query(name: str, queryset, compute):
    """`compute()`'s value, cached under `queryset`'s SQL."""
    try:
        key = query_key(queryset)
    except (EmptyResultSet, FullResultSet):
        return compute()  # no SQL to key it by: Django answers without a query
    return cached(name, compute, *key)


def cached_count(queryset, name: str = "count") -> int:
    """``queryset.count()``, cached under the SQL that computes it."""
    return cached_for_query(name, queryset, queryset.count)


def _content_changed(**kwargs) -> None:
    new_generation()
    transaction.on_commit(new_generation)


def connect() -> None:
    """Listen to the content apps' models only: a receiver for every sender
    would stop Django's fast bulk deletes everywhere."""
    from django.apps import apps

    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            uid = f"count_cache_{model._meta.label_lower}"
            post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_s")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_d")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _content_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}_{field.name}_m",
                )


class CachedCountPaginator(Paginator):
    """A paginator whose total is counted once per content generation."""

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count

    def page(self, number):
        """A full page of rows whatever the cached total says.

        The total can lag behind a scheduled item going live (until TIMEOUT);
        the rows themselves never do.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list[bottom : bottom + self.per_page]
        return self._get_page(rows, number, self)
