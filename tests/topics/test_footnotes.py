"""Claims tied to sentences: [^key] in a body links to the citation with that key."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CaseStudyFactory, CitationFactory, TopicFactory
from tests.helpers import change_form_data
from topics.footnotes import check_references, render_body, unknown_keys
from topics.models import Citation

pytestmark = pytest.mark.django_db


def test_references_are_numbered_in_order_of_first_use():
    topic = TopicFactory(body="Second claim.[^b] First again.[^a] And b.[^b]")
    a = CitationFactory(topic=topic, key="a", position=0)
    b = CitationFactory(topic=topic, key="b", position=1)
    unused = CitationFactory(topic=topic, key="", position=2)

    body = render_body(topic.body, topic.citations.all())

    assert [(n.citation, n.number) for n in body.footnotes] == [
        (b, 1),
        (a, 2),
        (unused, 3),
    ]
    assert body.footnotes[0].uses == [f"cite-use-{b.pk}-1", f"cite-use-{b.pk}-2"]
    assert body.footnotes[1].uses == [f"cite-use-{a.pk}-1"]
    assert body.footnotes[2].uses == []
    html = str(body.html)
    assert html.count('class="footnote-ref"') == 3
    assert (
        f'<sup class="footnote-ref" id="cite-use-{b.pk}-1">'
        f'<a aria-label="Source 1" href="#citation-{b.pk}" '
    ) in html
    assert f'<a aria-label="Source 2" href="#citation-{a.pk}" ' in html
    assert re.findall(r">(\d)</a></sup>", html) == ["1", "2", "1"]


def test_a_reference_inside_code_stays_code():
    topic = TopicFactory(body="Write `[^a]` to cite.")
    CitationFactory(topic=topic, key="a")
    html = str(topic.body_html)
    assert "<code>[^a]</code>" in html
    assert "footnote-ref" not in html


def test_unknown_keys_are_plain_text_never_a_link():
    topic = TopicFactory(body="Claim.[^gone] Other.[^a]")
    a = CitationFactory(topic=topic, key="a")

    body = render_body(topic.body, [a])

    assert body.unknown == ["gone"]
    assert "Claim.[^gone]" in str(body.html)
    assert "#citation-" in str(body.html)
    assert str(body.html).count("<a ") == 1


def test_the_output_stays_sanitized():
    text = (
        'Hi<script>alert(1)</script>[^a] <sup id="evil" class="x">1</sup> '
        '<a href="javascript:alert(1)" aria-label="x" id="cite-use-1-1">y</a>'
    )
    citation = CitationFactory(key="a")
    html = str(render_body(text, [citation]).html)
    assert "<script" not in html
    assert "javascript:" not in html
    assert 'id="evil"' not in html
    assert 'class="x"' not in html
    assert '<a id="cite-use' not in html  # ids survive on the footnote's sup only
    assert f'id="cite-use-{citation.pk}-1"' in html


def test_check_references_names_the_missing_keys():
    assert unknown_keys("A[^a] B[^b] C[^c] again[^b]", ["a"]) == ["b", "c"]
    with pytest.raises(Exception, match=r"\[\^b\], \[\^c\]"):
        check_references("A[^a] B[^b] C[^c]", ["a"])
    check_references("A[^a] and `[^code]`", ["a"])


def test_topic_page_links_references_and_back(client):
    topic = TopicFactory(body="NATO led IFOR.[^ifor] It kept the peace.[^ifor]")
    citation = CitationFactory(topic=topic, key="ifor", claim="IFOR was NATO-led.")
    other = CitationFactory(topic=topic, key="", claim="Another claim.")

    page = client.get(topic.get_absolute_url()).content.decode()

    assert f'id="citation-{citation.pk}"' in page
    assert f'id="citation-{other.pk}"' in page
    assert f'href="#citation-{citation.pk}"' in page
    for use in (1, 2):
        assert f'id="cite-use-{citation.pk}-{use}"' in page
        assert (
            f'href="#cite-use-{citation.pk}-{use}" aria-label="Back to the text, '
            f'use {use} of source 1"'
        ) in page
    # The list of sources follows the numbers: the cited one first.
    assert page.index("IFOR was NATO-led.") < page.index("Another claim.")


def test_case_study_page_renders_footnotes(client):
    case = CaseStudyFactory(body="Signed in 1951.[^treaty]")
    citation = CitationFactory(topic=None, case_study=case, key="treaty")
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'<a aria-label="Source 1" href="#citation-{citation.pk}"' in page
    assert f'href="#cite-use-{citation.pk}-1"' in page


def test_footnotes_cost_no_query_each(client):
    def queries(topic) -> int:
        cache.clear()  # counts are cached per content generation: a miss each time
        with CaptureQueriesContext(connection) as captured:
            assert client.get(topic.get_absolute_url()).status_code == 200
        return len(captured)

    one = TopicFactory(body="One.[^k0]")
    CitationFactory(topic=one, key="k0")
    many = TopicFactory(body=" ".join(f"Claim {i}.[^k{i}]" for i in range(12)))
    for i in range(12):
        CitationFactory(topic=many, key=f"k{i}")
    queries(one)  # warm caches
    assert queries(many) == queries(one)


# -- validation: the admin --------------------------------------------------------


def _topic_form(editor_client, topic):
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    return url, change_form_data(editor_client.get(url))


def test_admin_refuses_a_reference_to_no_citation(editor_client):
    topic = TopicFactory(draft=True, body="Old text.")
    CitationFactory(topic=topic, key="known")
    url, data = _topic_form(editor_client, topic)
    data["body"] = "Known.[^known] Unknown.[^missing]"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "[^missing]" in str(errors["body"])
    topic.refresh_from_db()
    assert topic.body == "Old text."


def test_admin_accepts_a_key_added_with_the_reference(editor_client):
    topic = TopicFactory(draft=True, body="Old text.")
    citation = CitationFactory(topic=topic, key="")
    url, data = _topic_form(editor_client, topic)
    data["body"] = "Now cited.[^new]"
    data["citations-0-key"] = "new"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    citation.refresh_from_db()
    topic.refresh_from_db()
    assert (citation.key, topic.body) == ("new", "Now cited.[^new]")


def test_admin_refuses_deleting_a_cited_citation(editor_client):
    topic = TopicFactory(draft=True, body="Cited.[^k]")
    CitationFactory(topic=topic, key="k")
    url, data = _topic_form(editor_client, topic)
    data["citations-0-DELETE"] = "on"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "[^k]" in str(response.context["adminform"].form.errors["body"])
    assert Citation.objects.filter(topic=topic).count() == 1


def test_admin_refuses_two_citations_with_one_key(editor_client):
    topic = TopicFactory(draft=True, body="Text.")
    CitationFactory(topic=topic, key="a")
    CitationFactory(topic=topic, key="b")
    url, data = _topic_form(editor_client, topic)
    data["citations-1-key"] = "a"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "has this key" in response.content.decode()
    assert sorted(topic.citations.values_list("key", flat=True)) == ["a", "b"]


def test_admin_inline_shows_the_key(editor_client):
    topic = TopicFactory(draft=True)
    CitationFactory(topic=topic, key="shown-key")
    page = editor_client.get(
        reverse("admin:topics_topic_change", args=[topic.pk])
    ).content.decode()
    assert 'name="citations-0-key"' in page
    assert 'value="shown-key"' in page


def test_case_study_admin_refuses_a_reference_to_no_citation(editor_client):
    case = CaseStudyFactory(draft=True, body="Old.")
    url = reverse("admin:casestudies_casestudy_change", args=[case.pk])
    data = change_form_data(editor_client.get(url))
    data["body"] = "New.[^nowhere]"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "[^nowhere]" in str(response.context["adminform"].form.errors["body"])
    case.refresh_from_db()
    assert case.body == "Old."


# -- validation: the API ----------------------------------------------------------


def test_api_refuses_a_reference_to_no_citation(editor_api_client):
    topic = TopicFactory(draft=True, body="Old.")
    CitationFactory(topic=topic, key="known")
    url = reverse("api:topic-detail", kwargs={"slug": topic.slug})

    bad = editor_api_client.patch(url, {"body": "A.[^unknown]"}, format="json")
    good = editor_api_client.patch(url, {"body": "A.[^known]"}, format="json")

    assert bad.status_code == 400
    assert "[^unknown]" in bad.json()["errors"]["body"][0]
    assert good.status_code == 200, good.json()
    assert 'href="#citation-' in good.json()["body_html"]


def test_api_refuses_a_case_study_body_citing_nothing(editor_api_client):
    case = CaseStudyFactory(draft=True, body="Old.")
    url = reverse("api:casestudy-detail", kwargs={"slug": case.slug})
    response = editor_api_client.patch(url, {"body": "X[^none]"}, format="json")
    assert response.status_code == 400
    assert "[^none]" in response.json()["errors"]["body"][0]


def test_api_refuses_renaming_a_key_the_text_uses(editor_api_client):
    topic = TopicFactory(draft=True, body="A.[^k]")
    citation = CitationFactory(topic=topic, key="k")
    url = reverse("api:citation-detail", kwargs={"pk": citation.pk})

    response = editor_api_client.patch(url, {"key": "other"}, format="json")

    assert response.status_code == 400
    assert "[^k]" in response.json()["errors"]["key"][0]
    citation.refresh_from_db()
    assert citation.key == "k"


def test_api_refuses_a_duplicate_key(editor_api_client):
    topic = TopicFactory(draft=True)
    CitationFactory(topic=topic, key="k")
    other = CitationFactory(topic=topic, key="")
    url = reverse("api:citation-detail", kwargs={"pk": other.pk})
    response = editor_api_client.patch(url, {"key": "k"}, format="json")
    assert response.status_code == 400
    assert "has this key" in str(response.json()["errors"])


def test_the_demo_content_cites_only_keys_it_has():
    """loaddata skips validation: every [^key] of the curated content must resolve."""
    from django.core.management import call_command

    from casestudies.models import CaseStudy
    from topics.models import Topic

    call_command("loaddata", "demo_content", verbosity=0)
    broken = {
        item.slug: missing
        for model in (Topic, CaseStudy)
        for item in model.objects.prefetch_related("citations")
        if (missing := unknown_keys(item.body, [c.key for c in item.citations.all()]))
    }
    assert broken == {}
    assert Topic.objects.exists()


def test_api_refuses_deleting_a_citation_the_text_cites(editor_api_client):
    topic = TopicFactory(draft=True, body="A.[^k]")
    cited = CitationFactory(topic=topic, key="k")
    uncited = CitationFactory(topic=topic, key="other")

    refused = editor_api_client.delete(
        reverse("api:citation-detail", kwargs={"pk": cited.pk})
    )
    accepted = editor_api_client.delete(
        reverse("api:citation-detail", kwargs={"pk": uncited.pk})
    )

    assert refused.status_code == 409
    assert "[^k]" in refused.json()["detail"]
    assert accepted.status_code == 204
    assert list(topic.citations.all()) == [cited]
