"""Rebuilding the search index in the background (it can take a while)."""

from milidip_site.task_queue import milidip_task
from search.index import install
from search.models import SearchDocument


@milidip_task(name="search.rebuild_index")
def rebuild_search_index(database: str = "default") -> int:
    """Reinstall the triggers and rebuild the index; idempotent. Returns the count."""
    install(database)
    return SearchDocument.objects.using(database).count()
