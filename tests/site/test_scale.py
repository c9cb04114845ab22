"""What keeps pages bounded at scale: top facet options, cached counts, capped
admin counts, the sitemap index, and the dataset generator itself."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from casestudies.dataset import Sizes, generate
from casestudies.filters import FACET_TOP
from casestudies.models import Actor, CaseStudy, Participation
from editorial.paginator import EstimatedCountPaginator
from milidip_site import count_cache
from tests.factories import ActorFactory, CaseStudyFactory, ParticipationFactory
from topics.models import Citation, Source, Topic

pytestmark = pytest.mark.django_db


def test_generate_dataset_writes_the_sizes_asked_for_and_is_reproducible(capsys):
    call_command(
        "generate_dataset",
        "--case-studies=40",
        "--citations=300",
        "--actors=8",
        "--topics=12",
        "--sources=9",
        "--seed=5",
    )
    assert CaseStudy.objects.count() == 40
    assert Citation.objects.count() == 300
    assert (Actor.objects.count(), Topic.objects.count(), Source.objects.count()) == (
        8,
        12,
        9,
    )
    assert CaseStudy.objects.published().count() < 40  # some drafts
    assert Topic.objects.filter(parent__parent__isnull=False).exists()  # 3 levels
    assert Participation.objects.count() >= 80
    first = list(CaseStudy.objects.order_by("pk").values_list("title", "start_year"))
    assert "Generated 40 case studies" in capsys.readouterr().out

    with pytest.raises(CommandError, match="already holds content"):
        call_command("generate_dataset", "--scale=0.0001")

    for model in (Citation, Participation, CaseStudy):
        model.objects.all().delete()
    Topic.objects.update(parent=None)
    for model in (Topic, Source, Actor):
        model.objects.all().delete()
    generate(Sizes(40, 300, 8, 12, 9), seed=5)
    assert (
        list(CaseStudy.objects.order_by("pk").values_list("title", "start_year"))
        == first
    )


def test_actor_facet_shows_the_top_options_and_more(client):
    actors = ActorFactory.create_batch(FACET_TOP + 3)
    for i, actor in enumerate(actors):
        for case in CaseStudyFactory.create_batch(2 + i):
            ParticipationFactory(case_study=case, actor=actor)
    rarest = actors[0]

    response = client.get(reverse("casestudies:list"))
    facet = next(f for f in response.context["facets"] if f.name == "actor")
    assert len(facet.links) == FACET_TOP
    assert rarest.slug not in {link.option.value for link in facet.links}
    assert facet.more_url == reverse("casestudies:actor-list")
    assert "More actors…" in response.content.decode()

    # A selected actor is shown (first) even when it is not among the most frequent.
    response = client.get(reverse("casestudies:list"), {"actor": rarest.slug})
    facet = next(f for f in response.context["facets"] if f.name == "actor")
    assert facet.links[0].option.value == rarest.slug
    assert facet.links[0].option.selected


def test_cached_counts_follow_every_change_of_the_content(client):
    CaseStudyFactory(region="europe")
    url = reverse("casestudies:list")
    assert client.get(url).context["paginator"].count == 1
    generation = count_cache.generation()

    CaseStudyFactory(region="europe")

    assert count_cache.generation() != generation
    response = client.get(url)
    assert response.context["paginator"].count == 2
    region = next(f for f in response.context["facets"] if f.name == "region")
    assert [(link.option.value, link.option.count) for link in region.links] == [
        ("europe", 2)
    ]


def test_admin_counts_stop_at_the_cap(monkeypatch):
    from editorial import paginator

    monkeypatch.setattr(paginator, "COUNT_CAP", 3)
    CaseStudyFactory.create_batch(5)

    assert EstimatedCountPaginator(CaseStudy.objects.all(), 2).count == 3
    assert EstimatedCountPaginator(CaseStudy.objects.filter(pk=0), 2).count == 0


def test_admin_change_lists_do_not_count_the_whole_table(admin_client):
    CaseStudyFactory.create_batch(3)
    response = admin_client.get("/admin/casestudies/casestudy/?status__exact=draft")
    assert response.status_code == 200
    assert response.context["cl"].show_full_result_count is False


def test_sitemap_index_lists_paged_sections(client, monkeypatch):
    from milidip_site import sitemaps

    monkeypatch.setattr(sitemaps.CaseStudySitemap, "limit", 2)
    cases = CaseStudyFactory.create_batch(5)
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-case-studies.xml?p=3" in index
    assert "sitemap-case-studies.xml?p=4" not in index

    page = client.get("/sitemap-case-studies.xml", {"p": 3}).content.decode()
    assert cases[4].get_absolute_url() in page
    assert cases[0].get_absolute_url() not in page
    assert client.get("/sitemap-case-studies.xml", {"p": 4}).status_code == 404


def test_a_count_of_published_rows_is_cached_although_now_moves_on(
    django_assert_num_queries,
):
    CaseStudyFactory.create_batch(2)
    published = CaseStudy.objects.published
    assert count_cache.cached_count(published()) == 2
    with django_assert_num_queries(0):
        assert count_cache.cached_count(published()) == 2
