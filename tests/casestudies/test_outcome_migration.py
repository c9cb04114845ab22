"""The outcome migration turns the old status "ongoing" into a judgement, and back.

Its data functions run here on real rows with the current models, which keep
the same table and field; migrating the schema back and forth inside the
suite would disturb the tests that follow.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.db.migrations import RunPython

from casestudies.models import CaseStudy
from tests.factories import CaseStudyFactory

migration = import_module(
    "casestudies.migrations.0009_outcome_ratings_party_role_armed_groups"
)

pytestmark = pytest.mark.django_db


def _set_outcomes(rows):
    for slug, outcome, end_year in rows:
        case = CaseStudyFactory(slug=slug, end_year=end_year, start_year=1990)
        # "ongoing" is no longer a choice, as before the migration ran.
        CaseStudy.objects.filter(pk=case.pk).update(outcome=outcome)


def _outcomes():
    return dict(CaseStudy.objects.values_list("slug", "outcome"))


def test_forward_turns_ongoing_into_too_early_and_keeps_judgements():
    _set_outcomes(
        [
            ("alliance", "ongoing", None),
            ("mission", "success", 2004),
            ("talks", "failure", 2011),
            ("partnership", "mixed", None),
        ]
    )

    migration.ongoing_to_too_early(apps, schema_editor=None)

    assert _outcomes() == {
        "alliance": "too_early",
        "mission": "success",
        "talks": "failure",
        "partnership": "mixed",
    }


def test_backward_gives_ratings_without_an_old_equivalent_back_as_ongoing():
    _set_outcomes(
        [
            ("alliance", "too_early", None),
            ("talks", "not_assessed", 2011),
            ("mission", "success", 2004),
            ("partnership", "mixed", None),
        ]
    )

    migration.new_ratings_to_ongoing(apps, schema_editor=None)

    assert _outcomes() == {
        "alliance": "ongoing",
        "talks": "ongoing",
        "mission": "success",
        "partnership": "mixed",
    }


def test_the_migration_runs_both_functions_and_is_reversible():
    (data,) = [op for op in migration.Migration.operations if isinstance(op, RunPython)]
    assert data.code is migration.ongoing_to_too_early
    assert data.reverse_code is migration.new_ratings_to_ongoing
    assert data.reversible
