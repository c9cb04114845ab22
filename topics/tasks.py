"""Background tasks of the topics app."""

from collections import Counter

from milidip_site.task_queue import milidip_task

from .link_checker import check_sources


@milidip_task(
    name="topics.check_links",
    # A run over every source, one request per host per second, takes a while;
    # an interrupted run is simply repeated (each result is stored as it comes).
    soft_time_limit=60 * 60,
    time_limit=65 * 60,
)
def check_links() -> dict:
    """Check every source URL and look up missing archived copies; counts by status."""
    results = check_sources()
    return dict(Counter(str(result.status) for _, result in results))
