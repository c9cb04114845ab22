"""Check every source's URL: is it still there, has it moved, is there an archived copy?

One check asks HEAD, and GET when the server refuses HEAD (405, 501 or an
error); it follows at most ``MILIDIP_LINK_CHECK_MAX_REDIRECTS`` redirects
itself, so that a loop is reported as a loop; it waits at most the connect and
read timeouts; and it asks any one host at most once per
``MILIDIP_LINK_CHECK_HOST_DELAY`` seconds, one request at a time. Results are
written with conditional updates (only if the URL is still the one checked,
and an archived copy only where there is none), so a run can be repeated or
overlap an editor's change without harm.
"""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils import timezone

from .choices import LinkStatus
from .link_archive import find_snapshot, record_snapshot
from .models import Source

logger = logging.getLogger("milidip.links")

PERMANENT_REDIRECTS = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
HEAD_REFUSED = {405, 501}
# Statuses that say "this page is not there" rather than "the server is unwell
# or turns robots away": those are broken, the others an error.
NOT_BROKEN_CLIENT_ERRORS = {401, 403, 407, 408, 425, 429}


@dataclass(frozen=True)
class LinkResult:
    status: str
    status_code: int | None = None
    final_url: str = ""
    detail: str = ""


def user_agent() -> str:
    """Names Milidip and where a site's owner can reach whoever runs it."""
    contact = settings.MILIDIP_CONTACT_URL or (
        f"mailto:{settings.MILIDIP_CONTACT_EMAIL}"
        if settings.MILIDIP_CONTACT_EMAIL
        else "no contact address configured"
    )
    return settings.MILIDIP_LINK_CHECK_USER_AGENT.format(contact=contact)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class HostPacer:
    """At most one request per host per `delay` seconds (the checker is sequential)."""

    def __init__(self, delay: float):
        self.delay = delay
        self.last: dict[str, float] = {}

    def wait(self, host: str) -> None:
        previous = self.last.get(host)
        if previous is not None:
            remaining = previous + self.delay - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
        self.last[host] = time.monotonic()


class LinkChecker:
    def __init__(self, session: requests.Session | None = None):
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self.timeout = (
            settings.MILIDIP_LINK_CHECK_CONNECT_TIMEOUT,
            settings.MILIDIP_LINK_CHECK_READ_TIMEOUT,
        )
        self.max_redirects = settings.MILIDIP_LINK_CHECK_MAX_REDIRECTS
        self.pacer = HostPacer(settings.MILIDIP_LINK_CHECK_HOST_DELAY)

    def close(self) -> None:
        self.session.close()

    def _request(self, method: str, url: str) -> requests.Response:
        self.pacer.wait(host_of(url))
        response = self.session.request(
            method, url, allow_redirects=False, timeout=self.timeout, stream=True
        )
        response.close()  # the status and headers are all the checker needs
        return response

    def _fetch(self, url: str) -> requests.Response:
        """HEAD, or GET when the server refuses HEAD or fails to answer it."""
        try:
            response = self._request("HEAD", url)
        except requests.Timeout:
            raise  # a host too slow for HEAD is too slow for GET
        except requests.RequestException:
            return self._request("GET", url)
        if response.status_code in HEAD_REFUSED:
            return self._request("GET", url)
        return response

    def check(self, url: str) -> LinkResult:
        seen = [url]
        moved = False
        current = url
        try:
            while True:
                response = self._fetch(current)
                code = response.status_code
                location = response.headers.get("Location")
                if code not in REDIRECTS or not location:
                    return classify(code, current, moved)
                moved = moved or code in PERMANENT_REDIRECTS
                target = urljoin(current, location)
                if urlsplit(target).scheme not in ("http", "https"):
                    return LinkResult(
                        LinkStatus.BROKEN,
                        code,
                        current,
                        "redirect to a non-web address",
                    )
                if target in seen:
                    return LinkResult(LinkStatus.BROKEN, code, target, "redirect loop")
                if len(seen) > self.max_redirects:
                    return LinkResult(
                        LinkStatus.BROKEN,
                        code,
                        target,
                        f"more than {self.max_redirects} redirects",
                    )
                seen.append(target)
                current = target
        except requests.Timeout:
            return LinkResult(LinkStatus.ERROR, None, current, "timed out")
        except requests.RequestException as error:
            return LinkResult(
                LinkStatus.ERROR, None, current, describe_error(error)[:200]
            )


def classify(code: int, final_url: str, moved: bool) -> LinkResult:
    if 200 <= code < 300:
        return LinkResult(
            LinkStatus.REDIRECTED if moved else LinkStatus.OK, code, final_url
        )
    if 400 <= code < 500 and code not in NOT_BROKEN_CLIENT_ERRORS:
        return LinkResult(LinkStatus.BROKEN, code, final_url, f"HTTP {code}")
    return LinkResult(LinkStatus.ERROR, code, final_url, f"HTTP {code}")


def describe_error(error: requests.RequestException) -> str:
    if isinstance(error, requests.ConnectionError):
        return "could not connect"
    if isinstance(error, requests.TooManyRedirects):
        return "too many redirects"
    return type(error).__name__


def record(source_id: int, url: str, result: LinkResult, now=None) -> bool:
    """Store a result, unless the source's URL changed meanwhile. Idempotent."""
    now = now or timezone.now()
    fields = {
        "link_status": result.status,
        "link_status_code": result.status_code,
        "link_final_url": result.final_url[:500],
        "link_detail": result.detail[:200],
        "link_checked_at": now,
    }
    if result.status in (LinkStatus.OK, LinkStatus.REDIRECTED):
        fields["link_ok_at"] = now
    # update() leaves updated_at alone: checking a link is not an edit.
    return bool(Source.objects.filter(pk=source_id, url=url).update(**fields))


def interleaved_by_host(sources: list) -> list:
    """Sources ordered so that consecutive requests rarely go to the same host."""
    by_host = defaultdict(list)
    for source in sources:
        by_host[host_of(source.url)].append(source)
    queues = list(by_host.values())
    ordered = []
    while queues:
        ordered.extend(queue.pop(0) for queue in queues)
        queues = [queue for queue in queues if queue]
    return ordered


def check_sources(sources=None, *, archive: bool = True) -> list[tuple]:
    """Check the sources' URLs (all with a URL by default); (source, result) pairs."""
    if sources is None:
        sources = Source.objects.exclude(url="").only("pk", "url", "archived_url")
    checker = LinkChecker()
    results = []
    try:
        for source in interleaved_by_host(list(sources)):
            result = checker.check(source.url)
            record(source.pk, source.url, result)
            logger.info(
                "link checked: source=%s status=%s code=%s detail=%s",
                source.pk,
                result.status,
                result.status_code,
                result.detail or "-",
            )
            if archive and not source.archived_url:
                snapshot = find_snapshot(source.url, checker)
                if snapshot:
                    record_snapshot(source.pk, snapshot)
            results.append((source, result))
    finally:
        checker.close()
    return results
