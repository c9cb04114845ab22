"""The page cache: anonymous readers get stored responses, fresh after every change."""

import os
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.reverse import reverse

from editorial.models import PublicationStatus
from milidip_site import content_version
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/case-studies/"
API_LIST_URL = "/api/v1/case-studies/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run on-commit callbacks as a real commit would (tests never commit)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def page(client, url=LIST_URL, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


# Hits and misses


def test_a_second_anonymous_request_is_served_from_the_cache(
    client, django_assert_num_queries
):
    CaseStudyFactory(title="Dayton accords")
    first, html = page(client)
    assert first["X-Cache"] == "MISS" and "Dayton accords" in html

    with django_assert_num_queries(0):
        second, again = page(client)

    assert second.status_code == 200 and second["X-Cache"] == "HIT"
    assert again == html


def test_head_is_answered_from_the_stored_get(client):
    CaseStudyFactory()
    body = client.get(LIST_URL).content

    response = client.head(LIST_URL)

    assert response["X-Cache"] == "HIT"
    assert response["Content-Length"] == str(len(body))
    assert response.content == b""


def test_the_key_holds_the_query_string(client):
    CaseStudyFactory(title="Dayton accords", region="europe")
    page(client, LIST_URL)

    response, html = page(client, LIST_URL + "?region=africa")

    assert response["X-Cache"] == "MISS"
    assert "Dayton accords" not in html.split('class="card-list"')[-1]


def test_feeds_sitemap_and_api_are_cached_too(api_client):
    CaseStudyFactory()
    for url in ["/feeds/case-studies/", "/sitemap.xml", API_LIST_URL]:
        assert api_client.get(url)["X-Cache"] == "MISS", url
        assert api_client.get(url)["X-Cache"] == "HIT", url


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(LIST_URL)

    assert not client.get(LIST_URL).has_header("X-Cache")


# Never for staff, errors or tokens


def test_staff_never_get_nor_fill_the_cache(editor_client):
    client = Client()  # anonymous, beside the editor's
    CaseStudyFactory(title="Public case")
    draft = CaseStudyFactory(title="Draft case", status=PublicationStatus.DRAFT)
    client.get(draft.get_absolute_url())  # 404 for the public: not stored

    staff = editor_client.get(LIST_URL)
    assert not staff.has_header("X-Cache")
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    assert client.get(LIST_URL)["X-Cache"] == "MISS"  # the staff page was not kept

    preview = editor_client.get(f"/preview/case-studies/{draft.pk}/")
    assert "no-store" in preview.get("Cache-Control", "no-store")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_token_request_bypasses_the_cache(api_client, editor_api_client):
    CaseStudyFactory()
    api_client.get(API_LIST_URL)
    assert api_client.get(API_LIST_URL)["X-Cache"] == "HIT"

    response = editor_api_client.get(API_LIST_URL)

    assert response.status_code == 200 and not response.has_header("X-Cache")
    assert "no-store" in response["Cache-Control"]


def test_errors_are_never_stored(client):
    for _ in range(2):
        response = client.get("/case-studies/no-such-case/")
        assert response.status_code == 404 and not response.has_header("X-Cache")
    for _ in range(2):
        response = client.get(LIST_URL + "?year_from=abc")
        assert response.status_code == 400 and not response.has_header("X-Cache")


def test_pages_with_a_csrf_token_or_a_cookie_are_never_stored(client):
    for _ in range(2):
        response = client.get("/admin/login/")
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert not response.has_header("X-Cache")


def test_pages_with_a_csp_nonce_are_never_stored(client):
    for _ in range(2):
        response = client.get("/api/docs/")
        assert response.status_code == 200
        assert not response.has_header("X-Cache")


def test_nothing_stored_holds_a_csrf_token_or_a_session(client, monkeypatch):
    stored = []
    real_set = cache.set

    def recording_set(key, value, *args, **kwargs):
        if key.startswith("page:"):
            stored.append(value)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    CaseStudyFactory()
    for url in [LIST_URL, "/", "/search/?q=case", "/topics/", "/admin/login/"]:
        client.get(url)

    assert len(stored) == 4
    for entry in stored:
        assert b"csrfmiddlewaretoken" not in entry["body"]
        assert not any(name.lower() == "set-cookie" for name, _ in entry["headers"])


# Invalidation: every change readers would see


def test_publishing_shows_the_item_at_once(client, commits):
    draft = CaseStudyFactory(title="Pending case", status=PublicationStatus.DRAFT)
    assert "Pending case" not in page(client)[1]

    def publish():
        draft.status = PublicationStatus.PUBLISHED
        draft.publish_at = None
        draft.save()

    commits(publish)

    response, html = page(client)
    assert response["X-Cache"] == "MISS" and "Pending case" in html


def test_unpublishing_hides_the_item_at_once(client, commits):
    case = CaseStudyFactory(title="Withdrawn case")
    assert "Withdrawn case" in page(client)[1]
    assert client.get(case.get_absolute_url()).status_code == 200

    def unpublish():
        case.status = PublicationStatus.DRAFT
        case.save()

    commits(unpublish)

    assert "Withdrawn case" not in page(client)[1]
    assert client.get(case.get_absolute_url()).status_code == 404


def test_a_live_edit_shows_at_once(client, commits):
    case = CaseStudyFactory(title="Old title")
    page(client)

    def edit():
        case.title = "New title"
        case.save()

    commits(edit)

    html = page(client)[1]
    assert "New title" in html and "Old title" not in html


def test_a_deletion_shows_at_once(client, commits):
    case = CaseStudyFactory(title="Deleted case")
    page(client)

    commits(case.delete)

    assert "Deleted case" not in page(client)[1]


@pytest.mark.parametrize("change", ["topic", "source", "citation", "actor", "role"])
def test_related_content_changes_renew_the_version(change, commits):
    case = CaseStudyFactory()
    topic = TopicFactory()
    source = SourceFactory()
    actor = ActorFactory()
    participation = ParticipationFactory(case_study=case, actor=actor)
    citation = CitationFactory(source=source, topic=None, case_study=case)
    before = content_version.current()["token"]

    changes = {
        "topic": lambda: case.topics.add(topic),
        "source": lambda: (setattr(source, "title", "Renamed"), source.save()),
        "citation": citation.delete,
        "actor": lambda: (setattr(actor, "name", "Renamed"), actor.save()),
        "role": lambda: (setattr(participation, "role", "host"), participation.save()),
    }
    commits(changes[change])

    assert content_version.current()["token"] != before


def test_a_change_rolled_back_renews_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    case = CaseStudyFactory()
    before = content_version.current()["token"]

    class KeepAsDraft(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as rolled_back:
        with transaction.atomic():
            try:
                with transaction.atomic():  # a savepoint, rolled back
                    case.title = "A pending draft"
                    case.save()
                    raise KeepAsDraft
            except KeepAsDraft:
                pass

    assert rolled_back == []
    assert content_version.current()["token"] == before

    with django_capture_on_commit_callbacks(execute=True) as kept:
        case.title = "A live edit"
        case.save()

    assert kept.count(content_version.renew) == 1
    assert content_version.current()["token"] != before


def test_a_scheduled_item_appears_when_its_time_comes(client):
    CaseStudyFactory(title="Already public")
    CaseStudyFactory(
        title="Scheduled case",
        publish_at=timezone.now() + timezone.timedelta(seconds=1),
    )
    assert "Scheduled case" not in page(client)[1]
    assert page(client)[0]["X-Cache"] == "HIT"

    time.sleep(1.6)

    response, html = page(client)
    assert response["X-Cache"] == "MISS" and "Scheduled case" in html


def test_the_version_lasts_until_the_next_scheduled_publication():
    at = timezone.now() + timezone.timedelta(hours=2)
    CaseStudyFactory(publish_at=at)
    CaseStudyFactory(publish_at=at + timezone.timedelta(hours=1))

    assert content_version.current()["expires"] == pytest.approx(at.timestamp())


# Headers: Vary, Cache-Control, validators and 304


def test_anonymous_pages_tell_a_cdn_how_long_to_keep_them(client, settings):
    settings.PAGE_CACHE_MAX_AGE = 30
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 120
    CaseStudyFactory()
    for response in (client.get(LIST_URL), client.get(LIST_URL)):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=30", "stale-while-revalidate=120"}
        assert "Cookie" in response["Vary"]


def test_the_views_own_cache_control_wins(client):
    first = client.get("/robots.txt")
    assert first["Cache-Control"] == client.get("/robots.txt")["Cache-Control"]
    assert "max-age=86400" in first["Cache-Control"]


def test_api_responses_vary_on_accept_and_are_keyed_on_it(api_client):
    CaseStudyFactory()
    as_json = api_client.get(API_LIST_URL, HTTP_ACCEPT="application/json")
    as_csv = api_client.get(API_LIST_URL, HTTP_ACCEPT="text/csv")

    assert as_csv["X-Cache"] == "MISS"
    assert as_csv["Content-Type"].startswith("text/csv")
    assert as_json["Content-Type"].startswith("application/json")
    assert "Accept" in as_json["Vary"]
    again = api_client.get(API_LIST_URL, HTTP_ACCEPT="text/csv")
    assert again["X-Cache"] == "HIT" and again["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("url", [LIST_URL, API_LIST_URL])
def test_a_current_copy_gets_a_304(client, url):
    CaseStudyFactory()
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=etag)
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert by_etag.status_code == 304 and by_etag["ETag"] == etag
    assert by_date.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_after_a_change_the_old_etag_gets_the_new_page(client, commits):
    case = CaseStudyFactory(title="Before")
    etag = client.get(LIST_URL)["ETag"]

    commits(lambda: (setattr(case, "title", "After"), case.save()))

    response = client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "After" in response.content.decode()


# Rate limits and logs still apply to hits


def test_cached_api_answers_count_against_the_rate_limit(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "3/min"},
    }
    url = reverse("api:source-list")
    responses = [api_client.get(url) for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.get("X-Cache") for r in responses[:3]] == ["MISS", "HIT", "HIT"]
    assert [r["RateLimit-Remaining"] for r in responses[:3]] == ["2", "1", "0"]
    assert responses[3]["Content-Type"] == "application/problem+json"


def test_cached_hits_are_logged(client, caplog):
    CaseStudyFactory()
    client.get(LIST_URL)
    caplog.clear()

    with caplog.at_level("INFO", logger="milidip.request"):
        response = client.get(LIST_URL)

    assert response["X-Cache"] == "HIT"
    assert any(f"path={LIST_URL} status=200" in r.getMessage() for r in caplog.records)
    assert response["X-Request-ID"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_with_redis_url_pages_and_the_version_live_in_redis(client):
    import redis

    CaseStudyFactory()
    client.get(LIST_URL)
    server = redis.Redis.from_url(os.environ["REDIS_URL"])

    assert server.exists(cache.make_and_validate_key(content_version.KEY))
    assert server.keys(cache.make_and_validate_key("page:*"))


def test_a_database_outage_while_reading_the_version_is_a_503_not_a_500(
    client, monkeypatch
):
    from django.db import OperationalError

    def unavailable():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(content_version, "next_scheduled_publication", unavailable)
    monkeypatch.setattr(
        "casestudies.views.CaseStudyListView.get_queryset",
        lambda self: unavailable(),
    )

    response = client.get(LIST_URL)

    assert response.status_code == 503
    assert not response.has_header("X-Cache")
