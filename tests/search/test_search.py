"""Full-text search: ranking, highlighting, visibility, index sync and bad input."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casestudies.filters import ActorFilterSet, CaseStudyFilterSet
from casestudies.models import CaseStudy
from editorial.models import PublicationStatus
from search.backends import (
    START,
    STOP,
    count_by_kind,
    mark_matches,
    search,
)
from search.index import install
from search.models import SearchDocument
from search.query import MAX_QUERY_LENGTH, parse_query
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    EditorFactory,
    SourceFactory,
    TopicFactory,
)
from topics.filters import SourceFilterSet, TopicFilterSet
from topics.models import Source, Topic

BAD_QUERIES = [
    "",
    "   ",
    '"',
    '""',
    "*",
    "-",
    "--",
    "NEAR(",
    "NEAR(a b",
    ":",
    "title:",
    "^",
    "!!!",
    "()",
    "(((",
    "AND",
    "OR",
    "NOT",
    "a OR",
    "'; DROP TABLE topics_topic; --",
    "\x00embassy",
    "\ue000embassy\ue001",
    "embassy" * 200,
    "x" * 1000,
    "é" * 1000,
    "%",
    "_",
    "\\",
]
ONLY_TAGS_ALLOWED = re.compile(r"<(?!/?mark>)")


def titles(query, **kwargs):
    return [hit.title for hit in search(query, **kwargs)]


# The query parser


@pytest.mark.parametrize(
    "raw", ["", "   ", '"', "*", "-", ":", "!!!", "()", "(*)", "-embassy", "or"]
)
def test_queries_without_words_to_find_are_empty(raw):
    assert not parse_query(raw)


def test_long_queries_are_capped_and_reported():
    query = parse_query("embassy " * 100)
    assert query.truncated
    assert len(query.text) <= MAX_QUERY_LENGTH
    assert not parse_query("embassy").truncated


def test_operators_become_quoted_words_and_joined_words_phrases():
    query = parse_query('NEAR( attache "joint exercise" -navy OR title:*treaty')
    assert query.as_fts5() == (
        '(("near"* AND "attache"* AND "joint exercise") NOT "navy") OR ("title treaty")'
    )
    assert query.as_tsquery() == (
        "(('near':*) & ('attache':*) & ('joint' <-> 'exercise') & !('navy'))"
        " | (('title' <-> 'treaty'))"
    )


@pytest.mark.django_db
def test_a_bare_word_matches_as_a_prefix_a_quoted_word_does_not():
    TopicFactory(title="The Balkans after Dayton")
    assert [h.title for h in search("balk")] == ["The Balkans after Dayton"]
    assert search('"balk"') == []


# Highlighting


def test_mark_matches_escapes_text_and_keeps_marks_balanced():
    html = mark_matches(f"<script>x</script> {START}a&b{STOP} {STOP}c {START}d")
    assert html == (
        "&lt;script&gt;x&lt;/script&gt; <mark>a&amp;b</mark> c <mark>d</mark>"
    )


@pytest.mark.django_db
def test_highlighting_escapes_indexed_html():
    TopicFactory(
        title="<img src=x onerror=alert(1)> Embassy staff",
        summary="Embassy <script>alert(1)</script> staff",
        body="",
    )
    [hit] = search("embassy")
    for html in (hit.title_html, hit.snippet):
        assert "<mark>" in html
        assert not ONLY_TAGS_ALLOWED.search(html), html
    assert "&lt;img" in hit.title_html
    assert "<mark>Embassy</mark>" in hit.title_html


# Ranking and the shape of a hit


@pytest.mark.django_db
def test_hits_cover_every_kind_with_title_url_snippet_and_rank():
    topic = TopicFactory(title="Defense attachés", summary="Officers in an embassy.")
    case = CaseStudyFactory(title="Balkans", summary="An embassy mediated a truce.")
    source = SourceFactory(title="Field report", note="Written at the embassy.")
    actor = ActorFactory(name="Foreign office", description="Runs each embassy.")
    hits = {hit.kind: hit for hit in search("embassy")}
    assert set(hits) == {"topic", "case_study", "source", "actor"}
    assert hits["topic"].url == topic.get_absolute_url()
    assert hits["case_study"].url == case.get_absolute_url()
    assert hits["source"].url == source.get_absolute_url()
    assert hits["actor"].url == actor.get_absolute_url()
    assert hits["case_study"].title == "Balkans"
    assert hits["case_study"].kind_label == "Case study"
    assert "<mark>embassy</mark>" in hits["case_study"].snippet
    assert all(isinstance(hit.rank, float) for hit in hits.values())


@pytest.mark.django_db
def test_title_matches_rank_above_body_matches():
    TopicFactory(title="Regional security", summary="A word on the garrison.")
    TopicFactory(title="Garrison diplomacy", summary="Nothing else.")
    hits = search("garrison")
    assert [hit.title for hit in hits] == ["Garrison diplomacy", "Regional security"]
    assert hits[0].rank > hits[1].rank


@pytest.mark.django_db
def test_phrases_exclusions_and_alternatives():
    TopicFactory(title="Joint exercise at sea", summary="Navy drills.", body="")
    TopicFactory(title="Exercise in joint planning", summary="Staff work.", body="")
    TopicFactory(title="Peacekeeping mandate", summary="Blue helmets.", body="")
    assert titles('"joint exercise"') == ["Joint exercise at sea"]
    assert titles("exercise -navy") == ["Exercise in joint planning"]
    assert sorted(titles("peacekeeping or navy")) == [
        "Joint exercise at sea",
        "Peacekeeping mandate",
    ]


@pytest.mark.django_db
def test_search_can_be_limited_to_one_kind_and_paged():
    TopicFactory.create_batch(3, summary="Attaché duties.")
    SourceFactory(note="Attaché handbook.")
    assert {hit.kind for hit in search("attaché", kind="source")} == {"source"}
    first, rest = search("attaché", limit=2), search("attaché", limit=2, offset=2)
    assert len(first) == 2 and len(rest) == 2
    assert not {hit.url for hit in first} & {hit.url for hit in rest}
    assert count_by_kind(parse_query("attaché")) == {"topic": 3, "source": 1}


# Nothing unpublished leaks


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [TopicFactory, CaseStudyFactory])
@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_unpublished_content_is_never_found(client, factory, state):
    factory(title="Hidden armistice", **{state: True})
    factory(title="Public armistice")
    assert titles("armistice") == ["Public armistice"]
    assert count_by_kind(parse_query("armistice")) == {
        "topic" if factory is TopicFactory else "case_study": 1
    }
    response = client.get(reverse("search:results"), {"q": "hidden armistice"})
    assert "Hidden armistice" not in response.content.decode()
    assert "0 results" in response.content.decode()


@pytest.mark.django_db
def test_editors_do_not_see_drafts_in_public_search(client):
    TopicFactory(title="Hidden armistice", draft=True)
    client.force_login(EditorFactory())
    response = client.get(reverse("search:results"), {"q": "armistice"})
    assert "Hidden armistice" not in response.content.decode()


@pytest.mark.django_db
def test_text_filters_leave_visibility_to_the_queryset():
    TopicFactory(title="Hidden armistice", draft=True)
    public = TopicFactory(title="Public armistice")
    filtered = TopicFilterSet({"q": "armistice"}, queryset=Topic.objects.published())
    assert list(filtered.qs) == [public]


# The index follows every change


@pytest.mark.django_db
def test_new_content_is_found_at_once():
    assert titles("ceasefire") == []
    TopicFactory(title="Ceasefire monitoring")
    assert titles("ceasefire") == ["Ceasefire monitoring"]


@pytest.mark.django_db
def test_edits_replace_the_indexed_text():
    topic = TopicFactory(title="Ceasefire monitoring")
    topic.title = "Truce observation"
    topic.save()
    assert titles("ceasefire") == []
    assert titles("truce") == ["Truce observation"]


@pytest.mark.django_db
def test_bulk_updates_reach_the_index():
    TopicFactory(title="Ceasefire monitoring")
    Topic.objects.update(title="Truce observation")
    Source.objects.bulk_create([Source(title="Truce ledger", slug="truce-ledger")])
    assert sorted(titles("truce")) == ["Truce ledger", "Truce observation"]


@pytest.mark.django_db
def test_publishing_and_unpublishing_change_what_is_found():
    case = CaseStudyFactory(title="Ceasefire in Aceh", draft=True)
    assert titles("aceh") == []
    case.status = PublicationStatus.PUBLISHED
    case.save()
    assert titles("aceh") == ["Ceasefire in Aceh"]
    CaseStudy.objects.filter(pk=case.pk).update(status=PublicationStatus.IN_REVIEW)
    assert titles("aceh") == []


@pytest.mark.django_db
def test_scheduled_content_is_found_once_its_time_comes():
    topic = TopicFactory(title="Ceasefire monitoring", scheduled=True)
    assert titles("ceasefire") == []
    Topic.objects.filter(pk=topic.pk).update(
        publish_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert titles("ceasefire") == ["Ceasefire monitoring"]


@pytest.mark.django_db
def test_deleted_rows_vanish_from_the_index():
    topic = TopicFactory(title="Ceasefire monitoring")
    source = SourceFactory(title="Ceasefire ledger")
    actor = ActorFactory(name="Ceasefire commission")
    case = CaseStudyFactory(title="Ceasefire in Aceh")
    for obj in (topic, source, actor, case):
        obj.delete()
    assert titles("ceasefire") == []
    assert not SearchDocument.objects.exists()


@pytest.mark.django_db
def test_rebuilding_repairs_a_damaged_index():
    TopicFactory(title="Ceasefire monitoring")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_document")
    assert titles("ceasefire") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert titles("ceasefire") == ["Ceasefire monitoring"]
    assert "1 documents" in out.getvalue()


@pytest.mark.django_db
def test_reinstalling_the_triggers_keeps_the_index_in_sync():
    install()
    install()
    TopicFactory(title="Ceasefire monitoring")
    assert SearchDocument.objects.filter(kind="topic").count() == 1


# The list filters use the same index


@pytest.mark.django_db
def test_topic_and_case_study_filters_search_title_summary_and_body():
    topic = TopicFactory(title="Attachés", summary="Officers.", body="Liaison work.")
    TopicFactory(title="Exercises", summary="Drills.", body="Manoeuvres.")
    case = CaseStudyFactory(title="Sinai", summary="Observers.", body="Liaison.")
    CaseStudyFactory(title="Korea", summary="Armistice.", body="Talks.")
    assert list(TopicFilterSet({"q": "liaison"}, queryset=Topic.objects.all()).qs) == [
        topic
    ]
    cases = CaseStudyFilterSet({"q": "liaison"}, queryset=CaseStudy.objects.all()).qs
    assert list(cases) == [case]


@pytest.mark.django_db
def test_source_and_actor_filters_search_their_text():
    source = SourceFactory(authors="Keohane, Robert", note="")
    SourceFactory(authors="Waltz, Kenneth")
    actor = ActorFactory(name="African Union", description="Continental body.")
    ActorFactory(name="NATO", description="Atlantic alliance.")
    sources = SourceFilterSet({"q": "keohane"}, queryset=Source.objects.all()).qs
    assert list(sources) == [source]
    actors = ActorFilterSet({"q": "continental"}, queryset=actor.__class__.objects)
    assert list(actors.qs) == [actor]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "!!!", '"', "-", "()"])
def test_filters_without_words_leave_the_list_unfiltered(value):
    TopicFactory.create_batch(2)
    assert TopicFilterSet({"q": value}, queryset=Topic.objects.all()).qs.count() == 2


# The search page


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_any_query_gets_a_page_not_an_error(client, query):
    TopicFactory(title="Embassy staff")
    response = client.get(reverse("search:results"), {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"Type one or more words|\d+ results? for “", page)
    assert all(hit.title == "Embassy staff" for hit in search(query))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "embassy", "type": "bogus"},
        {"q": "embassy", "page": "abc"},
        {"q": "embassy", "page": "999"},
        {"q": "embassy", "page": "-1"},
        {"q": ["embassy", "staff"]},
        {"type": "topic"},
    ],
)
def test_odd_parameters_get_a_page_not_an_error(client, params):
    TopicFactory(title="Embassy staff")
    response = client.get(reverse("search:results"), params)
    assert response.status_code == 200


@pytest.mark.django_db
def test_empty_search_asks_for_words_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(reverse("search:results"), {"q": " ?! "})
    assert response.status_code == 200
    assert "Type one or more words" in response.content.decode()


@pytest.mark.django_db
def test_long_query_is_cut_with_a_notice(client):
    response = client.get(reverse("search:results"), {"q": "embassy " * 60})
    assert response.status_code == 200
    assert "Only the first 200 characters" in response.content.decode()


@pytest.mark.django_db
def test_no_results_message(client):
    response = client.get(reverse("search:results"), {"q": "zeppelin"})
    page = response.content.decode()
    assert "0 results for “zeppelin”" in page
    assert "Nothing matched" in page


@pytest.mark.django_db
def test_results_page_shows_count_types_snippets_and_escapes_the_query(client):
    TopicFactory(title="Embassy staff", summary="Who works in an embassy.")
    SourceFactory(title="Embassy handbook")
    response = client.get(
        reverse("search:results"), {"q": "embassy <script>alert(1)</script>"}
    )
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page

    response = client.get(reverse("search:results"), {"q": "embassy"})
    page = response.content.decode()
    assert "2 results for “embassy”" in page
    assert 'class="kind-label kind-label--topic">Topic<' in page
    assert 'class="kind-label kind-label--source">Source<' in page
    assert "<mark>Embassy</mark> staff" in page
    assert "Topic (1)" in page and "Source (1)" in page


@pytest.mark.django_db
def test_type_filter_narrows_results(client):
    TopicFactory(title="Embassy staff")
    SourceFactory(title="Embassy handbook")
    response = client.get(reverse("search:results"), {"q": "embassy", "type": "source"})
    page = response.content.decode()
    assert "1 result for “embassy”, type: Source." in page
    assert "</mark> handbook" in page
    assert "</mark> staff" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 55])
def test_results_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
):
    TopicFactory.create_batch(rows, summary="Embassy work.")
    SourceFactory.create_batch(rows, note="Embassy records.")
    # The candidates, counts per type (which give the page count too), the hits.
    with django_assert_num_queries(3):
        response = client.get(reverse("search:results"), {"q": "embassy"})
    assert response.status_code == 200
    assert response.content.decode().count('class="search-hit ') == min(2 * rows, 20)


@pytest.mark.django_db
def test_pagination_keeps_the_query_and_type(client):
    TopicFactory.create_batch(25, summary="Embassy work.")
    response = client.get(reverse("search:results"), {"q": "embassy", "type": "topic"})
    page = response.content.decode()
    assert "Page 1 of 2" in page
    assert 'href="?q=embassy&amp;type=topic&amp;page=2"' in page
    response = client.get(
        reverse("search:results"), {"q": "embassy", "type": "topic", "page": 2}
    )
    assert response.content.decode().count('class="search-hit ') == 5


@pytest.mark.django_db
def test_a_query_matching_more_than_the_cap_ranks_the_newest_and_says_more(
    client, monkeypatch
):
    from search import backends

    monkeypatch.setattr(backends, "MAX_MATCHES", 10)
    topics = TopicFactory.create_batch(15, summary="Embassy work.")

    response = client.get(reverse("search:results"), {"q": "embassy"})

    assert response.context["more_than_total"] is True
    assert response.context["total"] == 10
    assert "More than 10 results" in response.content.decode()
    shown = {hit.title for hit in response.context["hits"]}
    assert shown == {t.title for t in topics[5:]}
