"""The link checker against a local server: exactly the expected status for each case."""

import time

import pytest
from django.core.management import call_command

from tests.factories import SourceFactory
from tests.topics.link_server import link_server
from topics.choices import LinkStatus
from topics.link_checker import (
    HostPacer,
    LinkChecker,
    check_sources,
    interleaved_by_host,
)
from topics.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_checker(settings):
    settings.MILIDIP_LINK_CHECK_HOST_DELAY = 0
    settings.MILIDIP_LINK_CHECK_CONNECT_TIMEOUT = 1
    settings.MILIDIP_LINK_CHECK_READ_TIMEOUT = 1
    settings.MILIDIP_LINK_CHECK_MAX_REDIRECTS = 5
    settings.MILIDIP_CONTACT_URL = "https://milidip.example/contact"
    settings.MILIDIP_ARCHIVE_AVAILABILITY_URL = ""


CASES = [
    # path, status, HTTP status, final path, detail
    ("/ok", LinkStatus.OK, 200, "/ok", ""),
    ("/chain/3", LinkStatus.REDIRECTED, 200, "/ok", ""),
    ("/chain/5", LinkStatus.REDIRECTED, 200, "/ok", ""),
    ("/temporary", LinkStatus.OK, 200, "/ok", ""),
    ("/missing", LinkStatus.BROKEN, 404, "/missing", "HTTP 404"),
    ("/server-error", LinkStatus.ERROR, 500, "/server-error", "HTTP 500"),
    ("/no-head", LinkStatus.OK, 200, "/no-head", ""),
    ("/slow", LinkStatus.OK, 200, "/slow", ""),
    ("/hang", LinkStatus.ERROR, None, "/hang", "timed out"),
    ("/loop-a", LinkStatus.BROKEN, 301, "/loop-a", "redirect loop"),
    ("/chain/6", LinkStatus.BROKEN, 301, "/ok", "more than 5 redirects"),
]


@pytest.mark.parametrize(("path", "status", "code", "final", "detail"), CASES)
def test_each_case_gets_exactly_its_status(path, status, code, final, detail):
    with link_server() as (_, base):
        source = SourceFactory(url=base + path)
        check_sources()
    source.refresh_from_db()
    assert (source.link_status, source.link_status_code) == (status, code)
    assert source.link_final_url == base + final
    assert source.link_detail == detail
    assert source.link_checked_at is not None
    assert (source.link_ok_at is not None) == (
        status in (LinkStatus.OK, LinkStatus.REDIRECTED)
    )


def test_head_refused_then_get_and_a_named_user_agent():
    with link_server() as (server, base):
        SourceFactory(url=base + "/no-head")
        check_sources()
    assert [(method, path) for method, path, *_ in server.requests] == [
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
    ]
    agent = server.requests[0][2]
    assert "Milidip" in agent and "https://milidip.example/contact" in agent


def test_one_request_per_host_per_delay_one_at_a_time(settings):
    settings.MILIDIP_LINK_CHECK_HOST_DELAY = 0.25
    with link_server() as (server, base):
        for n in range(3):
            SourceFactory(url=f"{base}/ok?n={n}")
        started = time.monotonic()
        check_sources()
        elapsed = time.monotonic() - started
    assert len(server.requests) == 3
    assert elapsed >= 2 * 0.25  # three requests to one host: two waits


def test_the_pacer_waits_per_host_only():
    pacer = HostPacer(0.2)
    started = time.monotonic()
    pacer.wait("a.example")
    pacer.wait("b.example")
    assert time.monotonic() - started < 0.1  # another host: no wait
    pacer.wait("a.example")
    assert time.monotonic() - started >= 0.2


def test_sources_are_interleaved_by_host():
    sources = [
        SourceFactory.build(url=url)
        for url in ["https://a.example/1", "https://a.example/2", "https://b.example/1"]
    ]
    assert [s.url for s in interleaved_by_host(sources)] == [
        "https://a.example/1",
        "https://b.example/1",
        "https://a.example/2",
    ]


def test_the_read_timeout_bounds_a_hung_host():
    with link_server() as (_, base):
        started = time.monotonic()
        result = LinkChecker().check(base + "/hang")
        elapsed = time.monotonic() - started
    assert result.status == LinkStatus.ERROR and result.detail == "timed out"
    assert elapsed < 1.8


def test_nothing_listening_is_an_error_not_a_crash():
    with link_server() as (_, base):
        pass  # the server is gone: its port refuses connections
    source = SourceFactory(url=base + "/ok")
    check_sources()
    source.refresh_from_db()
    assert source.link_status == LinkStatus.ERROR
    assert source.link_detail == "could not connect"


def test_checking_twice_changes_nothing_but_the_times():
    with link_server() as (_, base):
        source = SourceFactory(url=base + "/chain/2")
        check_sources()
        first = Source.objects.values().get(pk=source.pk)
        check_sources()
        second = Source.objects.values().get(pk=source.pk)
    for moving in ("link_checked_at", "link_ok_at"):
        assert second[moving] >= first.pop(moving)
        second.pop(moving)
    assert first == second
    assert first["updated_at"] == source.updated_at  # a check is not an edit


def test_a_url_changed_during_the_check_keeps_no_stale_result():
    with link_server() as (_, base):
        source = SourceFactory(url=base + "/missing")  # read by the checker…
        Source.objects.filter(pk=source.pk).update(url=base + "/ok")  # …then edited
        check_sources([source])
    source.refresh_from_db()
    assert source.url == base + "/ok"
    assert source.link_status == LinkStatus.UNCHECKED


def test_sources_without_url_are_not_checked():
    source = SourceFactory(url="")
    assert check_sources() == []
    source.refresh_from_db()
    assert source.link_checked_at is None


def test_the_archive_snapshot_is_stored_when_there_is_none(settings):
    with link_server() as (server, base):
        snapshot = "https://web.archive.example/web/2020/" + base + "/missing"
        server.snapshots[base + "/missing"] = snapshot
        settings.MILIDIP_ARCHIVE_AVAILABILITY_URL = base + "/wayback"
        archived = SourceFactory(url=base + "/missing")
        unknown = SourceFactory(url=base + "/ok")
        kept = SourceFactory(
            url=base + "/missing", archived_url="https://editor.example/copy"
        )
        check_sources()
    for source in (archived, unknown, kept):
        source.refresh_from_db()
    assert archived.archived_url == snapshot
    assert unknown.archived_url == ""  # the archive had none: nothing made up
    assert kept.archived_url == "https://editor.example/copy"
    asked = [path for _, path, *_ in server.requests if path.startswith("/wayback")]
    assert len(asked) == 2  # never for a source that has its copy


def test_the_archive_is_not_asked_when_off():
    with link_server() as (server, base):
        source = SourceFactory(url=base + "/ok")
        check_sources()
    source.refresh_from_db()
    assert source.archived_url == ""
    assert all(not path.startswith("/wayback") for _, path, *_ in server.requests)


def test_the_archive_answering_garbage_stores_nothing(settings):
    with link_server() as (server, base):
        server.snapshots[base + "/ok"] = "javascript:alert(1)"
        settings.MILIDIP_ARCHIVE_AVAILABILITY_URL = base + "/wayback"
        source = SourceFactory(url=base + "/ok")
        check_sources()
    source.refresh_from_db()
    assert source.archived_url == ""


def test_the_suite_refuses_outside_hosts():
    with pytest.raises(AssertionError, match="must not reach"):
        LinkChecker().check("https://example.org/")


def test_check_links_command_prints_a_summary():
    from io import StringIO

    out = StringIO()
    with link_server() as (_, base):
        SourceFactory(slug="good", url=base + "/ok")
        SourceFactory(slug="gone", url=base + "/missing")
        call_command("check_links", stdout=out)
    text = out.getvalue()
    assert "good" in text and "gone" in text and "HTTP 404" in text
    assert "Checked 2 link(s): 1 broken, 1 ok." in text


def test_check_links_task_runs_eagerly_and_counts():
    from topics.tasks import check_links

    with link_server() as (_, base):
        SourceFactory(url=base + "/ok")
        SourceFactory(url=base + "/loop-a")
        result = check_links.delay()
    assert result.get() == {"ok": 1, "broken": 1}


def test_the_user_agent_falls_back_to_the_contact_email(settings):
    from topics.link_checker import user_agent

    settings.MILIDIP_CONTACT_URL = ""
    settings.MILIDIP_CONTACT_EMAIL = "corrections@milidip.example"
    assert user_agent() == (
        "Milidip-LinkChecker/1.0 (+mailto:corrections@milidip.example)"
    )
