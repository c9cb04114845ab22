"""Topic and source pages: published content only, provenance, cite-this, queries."""

import json

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import Reliability, Topic, VerificationStatus

pytestmark = pytest.mark.django_db


def detail_url(topic):
    return reverse("topics:detail", kwargs={"slug": topic.slug})


# Topic tree


def test_topic_tree_nests_published_topics_and_hides_drafts(client):
    root = TopicFactory(title="Defence diplomacy")
    TopicFactory(title="Defence attaches", parent=root)
    TopicFactory(title="Secret draft", parent=root, draft=True)
    TopicFactory(title="Queued topic", in_review=True)
    TopicFactory(title="Future topic", scheduled=True)

    response = client.get(reverse("topics:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert [node.topic.title for node in response.context["tree"]] == [
        "Defence diplomacy"
    ]
    assert [n.topic.title for n in response.context["tree"][0].children] == [
        "Defence attaches"
    ]
    for hidden in ("Secret draft", "Queued topic", "Future topic"):
        assert hidden not in html


def test_topic_under_an_unpublished_parent_is_shown_at_the_top(client):
    parent = TopicFactory(title="Unpublished parent", draft=True)
    TopicFactory(title="Visible child", parent=parent)

    response = client.get(reverse("topics:list"))

    assert [n.topic.title for n in response.context["tree"]] == ["Visible child"]
    assert "Unpublished parent" not in response.content.decode()


def test_topic_tree_counts_only_published_case_studies(client):
    topic = TopicFactory()
    CaseStudyFactory(topics=[topic])
    CaseStudyFactory(topics=[topic], draft=True)
    CaseStudyFactory(topics=[topic], scheduled=True)

    response = client.get(reverse("topics:list"))

    assert response.context["tree"][0].topic.case_study_count == 1
    assert "(1 case study)" in response.content.decode()


def test_topic_tree_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    roots = TopicFactory.create_batch(20)
    for root in roots:
        TopicFactory.create_batch(3, parent=root)
    CaseStudyFactory.create_batch(5, topics=roots[:5])

    with django_assert_num_queries(1):
        response = client.get(reverse("topics:list"))
    assert len(response.context["tree"]) == 20


# Topic page


def test_topic_page_renders_sanitized_markdown_body(client):
    topic = TopicFactory(
        body="## Overview\n\n**Bold** claim.\n\n<script>alert('x')</script>"
        "\n\n[bad](javascript:alert(1))"
    )

    html = client.get(detail_url(topic)).content.decode()

    assert "<h2>Overview</h2>" in html
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_topic_page_escapes_titles_and_summaries(client):
    topic = TopicFactory(title="<b>Bold</b> title", summary='"><img src=x>')

    html = client.get(detail_url(topic)).content.decode()

    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in html
    assert "<img src=x>" not in html


def test_topic_page_links_only_published_neighbours(client):
    root = TopicFactory(title="Root topic")
    hidden_parent = TopicFactory(title="Hidden middle", parent=root, draft=True)
    topic = TopicFactory(title="Leaf topic", parent=hidden_parent)
    TopicFactory(title="Published child", parent=topic)
    TopicFactory(title="Draft child", parent=topic, draft=True)
    topic.related.add(
        TopicFactory(title="Published related"),
        TopicFactory(title="Review related", in_review=True),
    )
    CaseStudyFactory(title="Published case", topics=[topic])
    CaseStudyFactory(title="Future case", topics=[topic], scheduled=True)

    response = client.get(detail_url(topic))

    html = response.content.decode()
    assert [t.title for t in response.context["breadcrumbs"]] == ["Root topic"]
    for shown in (
        "Root topic",
        "Published child",
        "Published related",
        "Published case",
    ):
        assert shown in html
    for hidden in ("Hidden middle", "Draft child", "Review related", "Future case"):
        assert hidden not in html


@pytest.mark.parametrize("trait", ["draft", "in_review", "scheduled"])
def test_unpublished_topic_is_404_for_readers_and_visible_to_editors(
    client, editor, trait
):
    topic = TopicFactory(**{trait: True})

    assert client.get(detail_url(topic)).status_code == 404
    client.force_login(editor)
    response = client.get(detail_url(topic))
    assert response.status_code == 200
    # Marked as a preview, and kept by no shared cache or search engine.
    assert 'class="preview-banner"' in response.content.decode()
    assert (
        '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    )
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_published_topic_is_not_marked_as_a_preview_for_editors(editor_client):
    response = editor_client.get(detail_url(TopicFactory()))
    assert 'class="preview-banner"' not in response.content.decode()
    assert not response.has_header("X-Robots-Tag")


def test_unknown_topic_slug_is_404_with_the_site_page(client):
    response = client.get("/topics/no-such-topic/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_each_citation_shows_source_reliability_and_verification(client):
    topic = TopicFactory()
    CitationFactory(
        topic=topic,
        claim="Attachés report on host forces.",
        source=SourceFactory(
            title="Vienna Convention", reliability=Reliability.PRIMARY
        ),
        verification=VerificationStatus.VERIFIED,
    )
    CitationFactory(
        topic=topic,
        claim="A disputed figure.",
        source=SourceFactory(
            title="Seed article", reliability=Reliability.AI_GENERATED
        ),
        verification=VerificationStatus.DISPUTED,
        verification_note="The real figure is lower.",
    )

    html = client.get(detail_url(topic)).content.decode()

    assert "Vienna Convention" in html
    assert "Reliability: Primary document" in html
    assert "Verified" in html
    assert "Reliability: AI-generated, unverified" in html
    assert "Disputed" in html
    assert "The real figure is lower." in html
    assert "Unverified:</strong>" not in html


def test_page_resting_only_on_unverified_ai_sources_says_so_at_the_top(client):
    topic = TopicFactory()
    ai_source = SourceFactory(reliability=Reliability.AI_GENERATED)
    CitationFactory.create_batch(2, topic=topic, source=ai_source)

    html = client.get(detail_url(topic)).content.decode()

    notice = html.index("every claim on this page rests only on AI-generated")
    assert notice < html.index('class="lead"')


def test_verified_ai_citation_lifts_the_unverified_notice(client):
    topic = TopicFactory()
    CitationFactory(
        topic=topic,
        source=SourceFactory(reliability=Reliability.AI_GENERATED),
        verification=VerificationStatus.VERIFIED,
    )

    html = client.get(detail_url(topic)).content.decode()

    assert "rests only on AI-generated" not in html


def test_topic_without_citations_says_it_has_no_sources(client):
    html = client.get(detail_url(TopicFactory())).content.decode()

    assert "No sources yet:" in html


def test_topic_page_has_cite_this_meta_tags_and_json_ld(client):
    topic = TopicFactory(title="Peacekeeping", summary="Forces keeping a ceasefire.")

    html = client.get(detail_url(topic)).content.decode()

    assert "Milidip editors. “Peacekeeping.” Milidip" in html
    assert reverse("topics:cite", args=[topic.slug, "bibtex"]) in html
    assert reverse("topics:cite", args=[topic.slug, "ris"]) in html
    assert reverse("topics:cite", args=[topic.slug, "csl-json"]) in html
    assert '<meta name="citation_title" content="Peacekeeping">' in html
    assert '<meta name="citation_author" content="Milidip editors">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<link rel="canonical" href="http://testserver{detail_url(topic)}">' in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Article"
    assert data["headline"] == "Peacekeeping"


def test_topic_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    root = TopicFactory()
    parent = TopicFactory(parent=root)
    topic = TopicFactory(parent=parent)
    TopicFactory.create_batch(20, parent=topic)
    topic.related.add(*TopicFactory.create_batch(15))
    CaseStudyFactory.create_batch(20, topics=[topic])
    for _ in range(15):
        CitationFactory(topic=topic)
    assert CaseStudy.objects.count() + Topic.objects.count() >= 50

    # topic, ancestors, children, related, citations, subtree cases, their total
    with django_assert_num_queries(7):
        response = client.get(detail_url(topic))
    assert response.status_code == 200


# Cite-this downloads


def test_bibtex_download_is_an_attachment_with_the_reference(client):
    topic = TopicFactory(title="Joint exercises", slug="joint-exercises")

    response = client.get(reverse("topics:cite", args=[topic.slug, "bibtex"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert 'filename="milidip-joint-exercises.bib"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("@online{milidip-joint-exercises,")
    assert "title = {{Joint exercises}}" in body
    assert "url = {http://testserver/topics/joint-exercises/}" in body


def test_csl_json_download_is_valid_csl(client):
    topic = TopicFactory(title="Mediation")

    response = client.get(reverse("topics:cite", args=[topic.slug, "csl-json"]))

    items = json.loads(response.content)
    assert items[0]["type"] == "webpage"
    assert items[0]["title"] == "Mediation"
    assert items[0]["URL"] == f"http://testserver{detail_url(topic)}"


def test_unknown_citation_format_is_404(client):
    topic = TopicFactory()

    response = client.get(f"/topics/{topic.slug}/cite/docx/")

    assert response.status_code == 404


def test_citation_download_of_an_unpublished_topic_is_404(client):
    topic = TopicFactory(draft=True)

    response = client.get(reverse("topics:cite", args=[topic.slug, "ris"]))

    assert response.status_code == 404


# Sources


def test_source_list_filters_by_reliability_with_the_api_parameters(client):
    SourceFactory(title="Seed one", reliability=Reliability.AI_GENERATED)
    SourceFactory(title="Treaty text", reliability=Reliability.PRIMARY)

    response = client.get(reverse("topics:source-list"), {"reliability": "primary"})

    assert [s.title for s in response.context["sources"]] == ["Treaty text"]


def test_source_list_reports_a_malformed_filter_with_400(client):
    response = client.get(reverse("topics:source-list"), {"reliability": "rumour"})

    assert response.status_code == 400
    assert "“rumour” is not one of the allowed values." in response.content.decode()


def test_source_list_counts_only_citations_on_published_pages(client):
    source = SourceFactory()
    CitationFactory(source=source, topic=TopicFactory())
    CitationFactory(source=source, topic=TopicFactory(draft=True))
    CitationFactory(source=source, topic=None, case_study=CaseStudyFactory())
    CitationFactory(source=source, topic=None, case_study=CaseStudyFactory(draft=True))

    response = client.get(reverse("topics:source-list"))

    assert response.context["sources"][0].public_citation_count == 2
    assert "cited 2 times" in response.content.decode()


def test_source_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for source in SourceFactory.create_batch(55):
        CitationFactory(source=source)

    with django_assert_num_queries(2):
        response = client.get(reverse("topics:source-list"))
    assert len(response.context["sources"]) == 50
    assert client.get(reverse("topics:source-list"), {"page": 2}).status_code == 200
    assert client.get(reverse("topics:source-list"), {"page": 3}).status_code == 404


def test_source_page_shows_where_it_is_cited_on_published_pages_only(client):
    source = SourceFactory(title="North Atlantic Treaty")
    CitationFactory(source=source, topic=TopicFactory(title="Alliances"))
    CitationFactory(source=source, topic=TopicFactory(title="Draft topic", draft=True))
    CitationFactory(
        source=source, topic=None, case_study=CaseStudyFactory(title="NATO in Kosovo")
    )
    CitationFactory(
        source=source,
        topic=None,
        case_study=CaseStudyFactory(title="Scheduled case", scheduled=True),
    )

    html = client.get(source.get_absolute_url()).content.decode()

    assert "Alliances" in html
    assert "NATO in Kosovo" in html
    assert "Draft topic" not in html
    assert "Scheduled case" not in html


def test_ai_generated_source_page_says_it_is_unverified(client):
    source = SourceFactory(reliability=Reliability.AI_GENERATED)

    html = client.get(source.get_absolute_url()).content.decode()

    assert "AI-generated, unverified:</strong>" in html


def test_unknown_source_is_404(client):
    assert client.get("/sources/unknown/").status_code == 404


def test_a_subclass_that_only_widens_the_rows_renders_the_same_page(rf, editor):
    from topics.views import TopicDetailView

    class PreviewView(TopicDetailView):
        def rows(self):
            return Topic.objects.all()

    topic = TopicFactory(title="Draft being previewed", draft=True)
    TopicFactory(title="Published child", parent=topic)
    TopicFactory(title="Draft child", parent=topic, draft=True)
    CaseStudyFactory(title="Draft case", topics=[topic], draft=True)
    request = rf.get(detail_url(topic))
    request.user = editor

    response = PreviewView.as_view()(request, slug=topic.slug)
    html = response.rendered_content

    assert "Draft being previewed" in html
    assert "Published child" in html
    # Relations follow the requester's visibility, as in the API.
    assert "Draft child" in html
    assert "Draft case" in html


def test_source_detail_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    source = SourceFactory()
    for _ in range(30):
        CitationFactory(source=source)
    for case in CaseStudyFactory.create_batch(25):
        CitationFactory(source=source, topic=None, case_study=case)

    # source, how many citations, one page of them
    with django_assert_num_queries(3):
        response = client.get(source.get_absolute_url())
    assert response.context["paginator"].count == 55
    first = response.context
    assert len(first["topic_citations"]) + len(first["case_study_citations"]) == 50
    second = client.get(source.get_absolute_url() + "?page=2").context
    assert len(second["topic_citations"]) + len(second["case_study_citations"]) == 5


def test_an_unknown_parameter_on_the_source_list_is_a_400(client):
    SourceFactory()

    response = client.get(reverse("topics:source-list"), {"reliabilty": "primary"})

    assert response.status_code == 400
    assert "“reliabilty” is not a filter of this list." in response.content.decode()
