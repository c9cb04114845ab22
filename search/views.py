from django.core.paginator import Paginator
from django.views.generic import TemplateView

from . import registry
from .backends import candidates, count_by_kind, find, to_hit
from .query import MAX_QUERY_LENGTH, parse_query


class SearchView(TemplateView):
    """Ranked results for ``q``, optionally of one ``type``; any input is accepted."""

    template_name = "search/results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = parse_query(self.request.GET.get("q", ""))
        kind = self.request.GET.get("type", "")
        if registry.get(kind) is None:
            kind = ""
        everything = candidates(query)
        counts = count_by_kind(query, everything)
        total = sum(counts.values()) if not kind else counts.get(kind, 0)
        rows = find(query, kind=kind or None, rowids=None if kind else everything)
        paginator = Paginator(rows, self.paginate_by)
        paginator.count = total  # known from the counts: no second count
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            query=query,
            kind=kind,
            kind_label=registry.get(kind).label if kind else "",
            kinds=[
                {
                    "value": item.kind,
                    "label": item.label,
                    "count": counts.get(item.kind, 0),
                }
                for item in registry.indexed()
            ],
            total=total,
            more_than_total=counts.capped,
            page_obj=page,
            hits=[to_hit(row) for row in page.object_list],
            max_query_length=MAX_QUERY_LENGTH,
        )
        return context
