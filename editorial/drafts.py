"""Unpublished changes to a published item, as data: capture, apply, materialize.

A published topic or case study keeps its live row (and live citations,
participations, topics) exactly as published. An edit is saved as a
`PendingDraft` holding a snapshot of the edited item::

    {"fields": {...},
     "m2m": {"topics": [pk, ...]},
     "children": {"citations": [{"pk": <live pk, or None when new>, ...}]}}

Each content model says what its draft covers, so this module knows none:
``draft_children`` (reverse foreign keys such as ``citations``) and
``draft_many_to_many`` (such as ``topics``). Applying a draft updates live
children in place by pk, so an edited citation keeps its id.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from .models import PendingDraft

# Never part of a draft: publication state and bookkeeping.
NOT_DRAFTED = {"status", "publish_at", "last_edited_by", "created_at", "updated_at"}


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _is_bookkeeping(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def draft_fields(model) -> list[models.Field]:
    """The item's own fields a draft holds."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in NOT_DRAFTED and not _is_bookkeeping(f)
    ]


def child_relations(model) -> list[tuple[str, models.ForeignKey]]:
    """(accessor, foreign key on the child) of each child relation a draft holds."""
    return [
        (name, model._meta.get_field(name).field)
        for name in getattr(model, "draft_children", ())
    ]


def child_fields(fk: models.ForeignKey) -> list[models.Field]:
    return [
        f
        for f in fk.model._meta.concrete_fields
        if not f.primary_key and f is not fk and not _is_bookkeeping(f)
    ]


def _value(obj, field):
    return _jsonable(getattr(obj, field.attname))


def _python(field, value):
    if field.is_relation:
        return None if value is None else field.target_field.to_python(value)
    return field.to_python(value)


def _forget_prefetched(obj) -> None:
    getattr(obj, "_prefetched_objects_cache", {}).clear()


def children_of(obj, fk: models.ForeignKey) -> models.QuerySet:
    return fk.model._base_manager.filter(**{fk.name: obj.pk}).order_by("pk")


def live_child_pks(obj) -> dict[str, set]:
    """The pks of the live children of `obj`, by relation."""
    return {
        name: set(children_of(obj, fk).values_list("pk", flat=True))
        for name, fk in child_relations(type(obj))
    }


def capture(obj, live_pks: dict[str, set] | None = None) -> dict:
    """The stored state of `obj` (its fields from memory) as draft data.

    Children whose pk is not in `live_pks` (created inside a savepoint that
    will be rolled back) are recorded as new, with pk None.
    """
    _forget_prefetched(obj)
    model = type(obj)
    data = {
        "fields": {f.name: _value(obj, f) for f in draft_fields(model)},
        "m2m": {
            name: sorted(getattr(obj, name).values_list("pk", flat=True))
            for name in getattr(model, "draft_many_to_many", ())
        },
        "children": {},
    }
    for name, fk in child_relations(model):
        rows = []
        for child in children_of(obj, fk):
            known = live_pks is None or child.pk in live_pks.get(name, ())
            row = {"pk": child.pk if known else None}
            row.update({f.name: _value(child, f) for f in child_fields(fk)})
            rows.append(row)
        data["children"][name] = rows
    return data


def set_fields(obj, data: dict) -> None:
    """Put the draft's own field values on `obj`, in memory only."""
    for field in draft_fields(type(obj)):
        if field.name in data.get("fields", {}):
            setattr(obj, field.attname, _python(field, data["fields"][field.name]))


def deleted_child_pks(obj, data: dict) -> dict[str, set]:
    """Live children of `obj` that the draft removes, by relation."""
    removed = {}
    for name, fk in child_relations(type(obj)):
        kept = {row.get("pk") for row in data.get("children", {}).get(name, [])}
        live = set(children_of(obj, fk).values_list("pk", flat=True))
        removed[name] = live - kept
    return removed


def apply_deletions(obj, data: dict) -> None:
    """Delete the live children that the draft removes (and nothing else)."""
    for name, pks in deleted_child_pks(obj, data).items():
        fk = dict(child_relations(type(obj)))[name]
        for child in children_of(obj, fk).filter(pk__in=pks):
            child.delete()
    _forget_prefetched(obj)


def apply(obj, data: dict) -> None:
    """Write the draft into the live rows: fields, many-to-many, children."""
    set_fields(obj, data)
    obj.save()
    for name, pks in data.get("m2m", {}).items():
        getattr(obj, name).set(pks)
    apply_deletions(obj, data)
    for name, fk in child_relations(type(obj)):
        if name not in data.get("children", {}):
            continue
        live = {child.pk: child for child in children_of(obj, fk)}
        for row in data["children"][name]:
            child = live.get(row.get("pk")) or fk.model()
            for field in child_fields(fk):
                if field.name in row:
                    setattr(child, field.attname, _python(field, row[field.name]))
            setattr(child, fk.attname, obj.pk)
            child.save()
    _forget_prefetched(obj)


@contextmanager
def quiet_revision() -> Iterator[None]:
    """Writes inside add nothing to an open revision (rows about to be rolled back)."""
    if reversion.is_active():
        with reversion.create_revision(manage_manually=True, atomic=False):
            yield
    else:
        yield


@contextmanager
def materialized(obj, draft: PendingDraft | None = None) -> Iterator[bool]:
    """Inside, the database (and `obj`) hold the pending draft; then nothing changed.

    Yields whether there was a draft. Everything runs in a savepoint rolled
    back on exit, so on_commit callbacks (cache invalidation) registered
    inside are discarded too.
    """
    draft = draft or PendingDraft.objects.for_object(obj)
    if draft is None:
        yield False
        return
    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            with quiet_revision():
                apply(obj, draft.data)
            # Shown as last changed when the changes were saved.
            type(obj)._base_manager.filter(pk=obj.pk).update(
                updated_at=draft.updated_at
            )
            obj.updated_at = draft.updated_at
            yield True
        finally:
            transaction.savepoint_rollback(savepoint)
            restore(obj)


def restore(obj) -> None:
    """Reload `obj` from its live row, after a rolled-back savepoint."""
    _forget_prefetched(obj)
    obj.refresh_from_db()


def child_initial(fk: models.ForeignKey, row: dict) -> dict:
    """A child's draft values as a form's initial data (related rows by pk)."""
    return {
        field.name: _python(field, row[field.name])
        for field in child_fields(fk)
        if field.name in row
    }


def form_initial(model, data: dict) -> dict:
    """The draft's own fields and many-to-many values as a form's initial data."""
    initial = {
        field.name: _python(field, data["fields"][field.name])
        for field in draft_fields(model)
        if field.name in data.get("fields", {})
    }
    initial.update(data.get("m2m", {}))
    return initial


def forget_pending_changes(sender, instance, **kwargs) -> None:
    """A deleted item’s pending changes go with it (post_delete receiver)."""
    if getattr(sender, "draft_children", None) is None or instance.pk is None:
        return
    PendingDraft.objects.filter(
        content_type=ContentType.objects.get_for_model(sender),
        object_id=instance.pk,
    ).delete()
