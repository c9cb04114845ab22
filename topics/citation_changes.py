"""Which citations of an item two of its revisions add, remove or change.

The admin's compare view shows the item's own fields; this lists its citations
side by side (each revision holds every citation the item had when saved).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from reversion.errors import RevertError
from reversion.models import Version

from .models import Citation, Source

COMPARED_FIELDS = [
    ("source_id", "source"),
    ("locator", "locator"),
    ("position", "position"),
    ("claim", "claim"),
    ("quote", "quote"),
    ("verification", "verification"),
    ("verification_note", "verification note"),
]


@dataclass
class CitationChange:
    kind: str  # "added", "removed" or "changed"
    label: str  # the citation's claim, as it was (removed) or is (otherwise)
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # name, old, new


def _citations_in(version: Version, item) -> dict[str, dict]:
    """{citation id: its fields} for the item's citations in `version`'s revision."""
    link = "topic_id" if item._meta.model_name == "topic" else "case_study_id"
    found = {}
    for cited in version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(Citation)
    ):
        try:
            values = cited.field_dict
        except RevertError:  # saved under an older schema: leave it out
            continue
        if str(values.get(link)) == str(item.pk):
            found[cited.object_id] = values
    return found


def citation_changes(item, version1: Version, version2: Version) -> list:
    """What changed in the item's citations from `version1` to `version2`."""
    before, after = _citations_in(version1, item), _citations_in(version2, item)
    source_ids = {v.get("source_id") for v in [*before.values(), *after.values()]}
    sources = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "title"))
    verification = dict(Citation._meta.get_field("verification").choices)

    def shown(name, value) -> str:
        if name == "source_id":
            return sources.get(value, f"(deleted source {value})")
        if name == "verification":
            return str(verification.get(value, value))
        return "" if value is None else str(value)

    def label(values) -> str:
        claim = (values.get("claim") or "").strip()
        return claim if len(claim) <= 120 else claim[:119] + "…"

    changes = []
    for pk in sorted(after.keys() | before.keys(), key=lambda k: (len(k), k)):
        old, new = before.get(pk), after.get(pk)
        if old is None:
            fields = [(n, "", shown(k, new.get(k))) for k, n in COMPARED_FIELDS]
            changes.append(CitationChange("added", label(new), fields))
        elif new is None:
            fields = [(n, shown(k, old.get(k)), "") for k, n in COMPARED_FIELDS]
            changes.append(CitationChange("removed", label(old), fields))
        else:
            fields = [
                (n, shown(k, old.get(k)), shown(k, new.get(k)))
                for k, n in COMPARED_FIELDS
                if old.get(k) != new.get(k)
            ]
            if fields:
                changes.append(CitationChange("changed", label(new), fields))
    return changes
