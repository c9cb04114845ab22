"""The outcome migration turns the old status "ongoing" into a judgement, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("casestudies", "0006_add_south_central_asia_region")
AFTER = ("casestudies", "0007_outcome_ratings_party_role_armed_groups")

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def _outcomes(apps):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    return dict(CaseStudy.objects.values_list("slug", "outcome"))


@pytest.fixture
def migrated_back():
    """Leaves the database at the latest migrations, whatever the test did."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(leaves)


def test_ongoing_becomes_too_early_and_comes_back(migrated_back):
    old = _migrate(BEFORE)
    CaseStudy = old.get_model("casestudies", "CaseStudy")
    for slug, outcome, end_year in [
        ("alliance", "ongoing", None),
        ("mission", "success", 2004),
        ("talks", "failure", 2011),
        ("partnership", "mixed", None),
    ]:
        CaseStudy.objects.create(
            title=slug,
            slug=slug,
            summary=slug,
            start_year=1990,
            end_year=end_year,
            region="europe",
            outcome=outcome,
        )

    new = _migrate(AFTER)
    assert _outcomes(new) == {
        "alliance": "too_early",
        "mission": "success",
        "talks": "failure",
        "partnership": "mixed",
    }
    # An editor's later judgement without an old equivalent goes back as "ongoing".
    new.get_model("casestudies", "CaseStudy").objects.filter(slug="talks").update(
        outcome="not_assessed"
    )

    old = _migrate(BEFORE)
    assert _outcomes(old) == {
        "alliance": "ongoing",
        "mission": "success",
        "talks": "ongoing",
        "partnership": "mixed",
    }
