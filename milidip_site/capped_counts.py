"""Per-row counts for list pages that stop at a cap ("1000+").

A list page shows, for each row, how many of something it has (citations of a
source, case studies of an actor). Counting them all costs as much as the most
popular row is popular; counting up to a cap keeps every page's cost bounded.
"""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery

CAP = 1000


def capped_count(rows: QuerySet, cap: int = CAP) -> Subquery:
    """A subquery counting `rows` (which refer to the outer row) up to `cap`.

    `rows` uses ``OuterRef(OuterRef(...))`` for the listed row: it is nested
    one level down, inside ``pk IN (... LIMIT cap)``.
    """
    first = rows.order_by().values("pk")[:cap]
    count = (
        rows.model.objects.filter(pk__in=first)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Subquery(count, output_field=IntegerField())
