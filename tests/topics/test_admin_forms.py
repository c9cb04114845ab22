"""Topic and case-study change forms and lists: what an editor sees."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.factories import CaseStudyFactory, CitationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def _cite(item, n):
    field = "topic" if item._meta.model_name == "topic" else "case_study"
    others = {"topic": None} if field == "case_study" else {}
    for _ in range(n):
        CitationFactory(**{field: item, **others})


@pytest.mark.parametrize("factory", [TopicFactory, CaseStudyFactory])
def test_citations_inline_is_open_with_its_count(editor_client, factory):
    item = factory()
    _cite(item, 7)
    page = editor_client.get(_change_url(item)).content.decode()
    heading = page.split('-heading" class="inline-heading">')
    headings = [h.split("</h2>")[0].strip() for h in heading[1:]]
    assert any(h.startswith("Citations (7)") for h in headings), headings
    citations = page.split("Citations (7)")[0].rsplit("<fieldset", 1)[1]
    assert "collapse" not in citations
    assert "<details" not in page.split("Citations (7)")[0].rsplit("<fieldset", 1)[1]


def test_a_new_item_counts_no_citations(editor_client):
    page = editor_client.get(reverse("admin:topics_topic_add")).content.decode()
    assert "Citations (0)" in page


@pytest.mark.parametrize("factory", [TopicFactory, CaseStudyFactory])
def test_summary_is_a_textarea(editor_client, factory):
    item = factory(summary="One or two sentences.")
    form = editor_client.get(_change_url(item)).context["adminform"].form
    html = str(form["summary"])
    assert html.startswith("<textarea") and 'rows="3"' in html
    max_length = item._meta.get_field("summary").max_length
    assert f'maxlength="{max_length}"' in html
    assert "One or two sentences." in html


@pytest.mark.parametrize(
    ("url", "columns"),
    [
        (
            "admin:casestudies_casestudy_changelist",
            [
                "publication_state",
                "publish_at_short",
                "citation_count",
                "updated_short",
            ],
        ),
        (
            "admin:topics_topic_changelist",
            [
                "publication_state",
                "publish_at_short",
                "citation_count",
                "updated_short",
            ],
        ),
    ],
)
def test_lists_show_status_publish_at_citations_and_updated(
    editor_client, url, columns
):
    case = CaseStudyFactory(title="Dayton")
    _cite(case, 2)
    TopicFactory(scheduled=True)
    page = editor_client.get(reverse(url)).content.decode()
    for column in columns:
        assert f'class="field-{column}' in page, column


def test_the_status_column_tells_scheduled_from_published(editor_client):
    CaseStudyFactory(title="Later", scheduled=True)
    CaseStudyFactory(title="Now")
    CaseStudyFactory(
        title="Waiting", status=PublicationStatus.IN_REVIEW, publish_at=None
    )
    response = editor_client.get(reverse("admin:casestudies_casestudy_changelist"))
    admin = response.context["cl"].model_admin
    states = {
        c.title: admin.publication_state(c) for c in response.context["cl"].result_list
    }
    assert states == {"Later": "Scheduled", "Now": "Published", "Waiting": "In review"}
    assert "2" in admin.publish_at_short(response.context["cl"].result_list[0])
