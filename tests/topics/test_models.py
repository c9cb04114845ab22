import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
)
from topics.models import (
    MAX_TOPIC_DEPTH,
    Citation,
    Reliability,
    Source,
    VerificationStatus,
)

pytestmark = pytest.mark.django_db


def test_topic_cannot_be_its_own_parent():
    topic = TopicFactory()
    topic.parent = topic
    with pytest.raises(ValidationError, match="its own parent"):
        topic.full_clean()


def test_topic_tree_rejects_cycles():
    root = TopicFactory()
    child = TopicFactory(parent=root)
    root.parent = child
    with pytest.raises(ValidationError, match="cycle"):
        root.full_clean()


def test_topic_tree_is_at_most_three_levels_deep():
    level1 = TopicFactory()
    level2 = TopicFactory(parent=level1)
    level3 = TopicFactory(parent=level2)
    level3.full_clean()  # the deepest allowed level
    level4 = TopicFactory.build(parent=level3, slug="too-deep")
    with pytest.raises(ValidationError, match=f"at most {MAX_TOPIC_DEPTH} levels"):
        level4.full_clean()


def test_moving_a_subtree_under_a_deep_parent_is_refused():
    root = TopicFactory()
    child = TopicFactory(parent=root)
    subtree_root = TopicFactory()
    TopicFactory(parent=subtree_root)
    subtree_root.parent = child  # would put the grandchild at level 4
    with pytest.raises(ValidationError, match="would reach 4 levels"):
        subtree_root.full_clean()


def test_topic_slugs_are_unique():
    TopicFactory(slug="peacekeeping")
    duplicate = TopicFactory.build(slug="peacekeeping")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_published_topic_gets_a_publish_at_time_when_saved():
    topic = TopicFactory(draft=True)
    topic.status = "published"
    topic.save()
    assert topic.publish_at is not None
    assert topic.is_published()


def test_database_refuses_published_row_without_publish_at():
    topic = TopicFactory(draft=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(topic).objects.filter(pk=topic.pk).update(status="published")


def test_body_markdown_is_rendered_and_sanitized():
    topic = TopicFactory(
        body="**bold** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    html = str(topic.body_html)
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (1949, 4, 4, "4 April 1949"),
        (1995, None, None, "1995"),
        (-480, None, None, "480 BCE"),
    ],
)
def test_source_partial_dates_display(year, month, day, expected):
    assert SourceFactory.build(year=year, month=month, day=day).date_display == expected


def test_source_day_must_exist_in_month():
    source = SourceFactory.build(year=2023, month=2, day=30)
    with pytest.raises(ValidationError, match="February has 28 days"):
        source.full_clean()


def test_source_month_needs_a_year():
    source = SourceFactory.build(year=None, month=3)
    with pytest.raises(ValidationError, match="A month needs a year"):
        source.full_clean()


def test_source_identifier_is_unique_when_given():
    SourceFactory(identifier="000_seed.txt")
    SourceFactory(identifier="")
    SourceFactory(identifier="")  # blank identifiers do not clash
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(identifier="000_seed.txt")


def test_ai_generated_source_is_flagged():
    assert SourceFactory.build(reliability=Reliability.AI_GENERATED).is_ai_generated
    assert not SourceFactory.build(reliability=Reliability.PRIMARY).is_ai_generated


def test_citation_needs_exactly_one_target():
    source = SourceFactory()
    neither = Citation(source=source, claim="x")
    with pytest.raises(ValidationError, match="neither"):
        neither.full_clean()
    both = Citation(
        source=source, claim="x", topic=TopicFactory(), case_study=CaseStudyFactory()
    )
    with pytest.raises(ValidationError, match="not both"):
        both.full_clean()


def test_database_refuses_citation_without_target():
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=SourceFactory(), claim="x")


def test_citation_quote_length_is_bounded():
    citation = CitationFactory.build(
        source=SourceFactory(), topic=TopicFactory(), quote=" ".join(["word"] * 51)
    )
    with pytest.raises(ValidationError, match="at most 50 words"):
        citation.full_clean()


def test_disputed_citation_needs_a_note():
    citation = CitationFactory(
        verification=VerificationStatus.DISPUTED, verification_note=""
    )
    with pytest.raises(ValidationError, match="Say what is wrong"):
        citation.full_clean()


def test_public_citations_exclude_those_of_drafts():
    visible = CitationFactory()
    CitationFactory(topic=TopicFactory(draft=True))
    CitationFactory(topic=None, case_study=CaseStudyFactory(scheduled=True))
    on_case = CitationFactory(topic=None, case_study=CaseStudyFactory())
    assert set(Citation.objects.public()) == {visible, on_case}


def test_source_cited_by_a_citation_cannot_be_deleted():
    citation = CitationFactory()
    with pytest.raises(Exception, match="protected"):
        Source.objects.filter(pk=citation.source_id).delete()


@pytest.mark.parametrize("factory", [TopicFactory, SourceFactory])
def test_export_is_a_reserved_slug(factory):
    obj = factory.build(slug="export")
    with pytest.raises(ValidationError, match="reserved"):
        obj.full_clean()


def test_a_topic_cannot_be_related_to_itself():
    topic, other = TopicFactory(), TopicFactory()
    topic.check_related([other])
    with pytest.raises(ValidationError, match="related to itself"):
        topic.check_related([other, topic])
