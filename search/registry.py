"""What is searchable: content apps register their models here in `ready()`.

Search never imports a content app. Each registration says how a model's rows
become index rows (title and body columns), where a hit links to, and whether
readers see every row or only the published ones.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

# rowid = object id * SLOTS + code, so each object has exactly one index row.
SLOTS = 4


@dataclass(frozen=True)
class IndexedModel:
    """How one model's rows become index rows; ``{r}`` stands for the row."""

    kind: str
    code: int
    label: str
    model: type
    title: str
    body: tuple[str, ...]
    url_name: str
    publishable: bool = False
    # The model's manager has the provenance filters (`without_citations()`,
    # `backed_only_by_ai()`), so hits can carry the AI-only flag.
    provenance: bool = False

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def values(self, row: str) -> str:
        body = " || ' ' || ".join(
            f"coalesce({row}.{column}, '')" for column in self.body
        )
        return (
            f"{row}.id * {SLOTS} + {self.code}, '{self.kind}', {row}.id, {row}.slug, "
            f"coalesce({row}.{self.title}, ''), {body}"
        )

    def provenance_flags(self) -> dict:
        """Exists() conditions for an index row of this kind (``object_id``)."""
        if not self.provenance:
            return {}
        row = self.model.objects.filter(pk=OuterRef("object_id"))
        return {
            "unsourced": Q(kind=self.kind) & Exists(row.without_citations()),
            "ai_only": Q(kind=self.kind) & Exists(row.backed_only_by_ai()),
        }

    def public_ids(self):
        """A subquery of the ids readers may see, or None when they see every row."""
        return self.model.objects.published().values("pk") if self.publishable else None


_registry: dict[str, IndexedModel] = {}


def register(item: IndexedModel) -> None:
    taken = {other.code: other.kind for other in _registry.values()}
    if not 0 <= item.code < SLOTS or taken.get(item.code, item.kind) != item.kind:
        raise ValueError(
            f"Search code {item.code} of “{item.kind}” is taken or out of range."
        )
    _registry[item.kind] = item


def indexed() -> list[IndexedModel]:
    """Every registered model, in code order."""
    return sorted(_registry.values(), key=lambda item: item.code)


def get(kind: str) -> IndexedModel | None:
    return _registry.get(kind)


def for_model(model) -> IndexedModel:
    return next(item for item in _registry.values() if item.model is model)
