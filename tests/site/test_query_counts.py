"""Every public page, API list and admin change list runs as many queries at 500
case studies as at 10: nothing a page does grows with the content.

The content comes from the dataset generator (bulk inserts), once per size for
the whole module; each page is measured with an empty cache, so cached counts
are computed and counted too.
"""

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client

from casestudies.dataset import Sizes, generate
from casestudies.models import Actor, CaseStudy
from topics.models import Source, Topic

SIZES = {
    10: Sizes(case_studies=10, citations=100, actors=5, topics=6, sources=5),
    500: Sizes(case_studies=500, citations=5_000, actors=25, topics=30, sources=100),
}


def _heaviest(queryset, relation):
    return (
        queryset.annotate(n=Count(relation))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
        .first()
    )


@pytest.fixture(scope="module", params=sorted(SIZES))
def content(request, django_db_setup, django_db_blocker):
    """Generated content of one size, and the slugs of its heaviest objects."""
    with django_db_blocker.unblock(), transaction.atomic():
        generate(SIZES[request.param], seed=3)
        published = CaseStudy.objects.published().order_by("pk")
        yield {
            "actor": _heaviest(Actor.objects.all(), "participations"),
            "source": _heaviest(Source.objects.all(), "citations"),
            "root": _heaviest(
                Topic.objects.published().filter(parent=None), "children"
            ),
            "topic": _heaviest(
                Topic.objects.published().exclude(parent=None), "case_studies"
            ),
            "case": published.values_list("slug", flat=True).first(),
            "region": published.values_list("region", flat=True).first(),
            "outcome": published.values_list("outcome", flat=True).first(),
        }
        transaction.set_rollback(True)


# (path with {slugs}, queries); the same count at every size.
PAGES = [
    ("/", 8),
    ("/topics/", 1),
    ("/topics/{root}/", 6),
    ("/topics/{topic}/", 7),
    ("/case-studies/", 9),  # with the map of its unfiltered first page
    ("/case-studies/?region=europe,{region}&outcome={outcome}", 8),
    (
        "/case-studies/?actor={actor}&topic={root}&year_from=1900&ordering=-start_year",
        8,
    ),
    ("/case-studies/?q=ceasefire", 8),
    ("/case-studies/{case}/", 5),
    ("/actors/", 3),
    ("/actors/?kind=state", 3),
    ("/actors/{actor}/", 4),  # with the map
    ("/sources/", 2),
    ("/sources/?reliability=scholarly", 2),
    ("/sources/{source}/", 3),
    ("/search/?q=ceasefire", 3),
    ("/search/?q=armed&type=case_study", 4),
    ("/feeds/case-studies/", 1),
    ("/feeds/topics/", 1),
    ("/sitemap.xml", 7),
    ("/sitemap-case-studies.xml", 2),
    ("/sitemap-actors.xml", 2),
    ("/api/v1/case-studies/", 2),
    ("/api/v1/case-studies/?region=europe&actor={actor}", 2),
    ("/api/v1/case-studies/?expand=participants,topics,citations", 5),
    ("/api/v1/topics/", 2),
    ("/api/v1/topics/?expand=related,children,citations", 5),
    ("/api/v1/sources/", 2),
    ("/api/v1/actors/", 3),
    ("/api/v1/citations/", 2),
    ("/api/v1/citations/?source={source}", 2),
]
ADMIN_LISTS = [
    ("/admin/casestudies/casestudy/", 9),
    ("/admin/casestudies/casestudy/?status__exact=published", 9),
    ("/admin/casestudies/actor/", 6),
    ("/admin/topics/topic/", 9),
    ("/admin/topics/source/", 6),
    ("/admin/topics/citation/", 6),
    ("/admin/topics/citation/?verification__exact=disputed", 6),
]


@pytest.mark.parametrize(("path", "queries"), PAGES)
def test_public_page_and_api_list_queries_do_not_grow_with_the_content(
    content, db, django_assert_num_queries, path, queries
):
    client = Client()
    url = path.format(**content)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200, url


@pytest.mark.parametrize(("path", "queries"), ADMIN_LISTS)
def test_admin_change_list_queries_do_not_grow_with_the_content(
    content, db, django_assert_num_queries, path, queries
):
    client = Client()
    client.force_login(User.objects.create_superuser("boss", None, None))
    client.get("/admin/")  # the session and its user are loaded once here
    if connection.vendor == "postgresql" and "?" not in path:
        queries += 1  # the planner's row estimate of the unfiltered table
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200, path
