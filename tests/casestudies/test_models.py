import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casestudies.models import ActorKind, Outcome, YearPrecision
from tests.factories import ActorFactory, CaseStudyFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_end_year_cannot_be_before_start_year():
    case = CaseStudyFactory.build(start_year=2004, end_year=1995)
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert excinfo.value.message_dict["end_year"] == [
        "The end year cannot be before the start year."
    ]


def test_database_refuses_end_before_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudyFactory(start_year=2004, end_year=1995)


def test_there_is_no_year_zero():
    case = CaseStudyFactory.build(
        start_year=0, end_year=None, outcome=Outcome.TOO_EARLY
    )
    with pytest.raises(ValidationError, match="no year 0"):
        case.full_clean()


@pytest.mark.parametrize("outcome", Outcome.values)
@pytest.mark.parametrize("end_year", [None, 2020])
def test_outcome_is_a_judgement_whether_or_not_the_case_has_ended(outcome, end_year):
    case = CaseStudyFactory.build(start_year=2014, end_year=end_year, outcome=outcome)
    case.full_clean()
    assert case.is_ongoing is (end_year is None)


def test_ongoing_is_no_longer_an_outcome():
    assert "ongoing" not in Outcome.values
    case = CaseStudyFactory.build(outcome="ongoing", end_year=None)
    with pytest.raises(ValidationError, match="not a valid choice"):
        case.full_clean()


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (-480, -480, YearPrecision.APPROXIMATE, "c. 480 BCE"),
        (1995, 2004, YearPrecision.EXACT, "1995–2004"),
        (2014, None, YearPrecision.EXACT, "2014–ongoing"),
        (-500, -479, YearPrecision.EXACT, "500–479 BCE"),
        (-27, 14, YearPrecision.EXACT, "27 BCE–14 CE"),
        (1990, 1999, YearPrecision.DECADE, "1990s"),
        (-450, -450, YearPrecision.CENTURY, "5th century BCE"),
    ],
)
def test_years_are_shown_in_words(start, end, precision, expected):
    case = CaseStudyFactory.build(
        start_year=start, end_year=end, year_precision=precision
    )
    assert case.years_display == expected


def test_iso_code_must_be_a_real_country():
    actor = ActorFactory.build(kind=ActorKind.STATE, iso_code="XX")
    with pytest.raises(ValidationError, match="not an ISO 3166-1"):
        actor.full_clean()
    ActorFactory.build(kind=ActorKind.STATE, iso_code="jp").full_clean()


def test_only_states_have_iso_codes():
    actor = ActorFactory.build(kind=ActorKind.ALLIANCE, iso_code="US")
    with pytest.raises(ValidationError, match="Only states"):
        actor.full_clean()


def test_iso_code_is_stored_upper_case_and_unique():
    actor = ActorFactory(kind=ActorKind.STATE, iso_code="jp")
    assert actor.iso_code == "JP"
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory(kind=ActorKind.STATE, iso_code="JP")


def test_wikidata_id_is_validated():
    actor = ActorFactory.build(wikidata_id="30")
    with pytest.raises(ValidationError, match="Q30"):
        actor.full_clean()


def test_an_actor_takes_a_role_once_per_case_study():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(
            case_study=participation.case_study,
            actor=participation.actor,
            role=participation.role,
        )


def test_actor_in_a_case_study_cannot_be_deleted():
    participation = ParticipationFactory()
    with pytest.raises(Exception, match="protected"):
        participation.actor.delete()


@pytest.mark.parametrize("factory", [CaseStudyFactory, ActorFactory])
def test_export_is_a_reserved_slug(factory):
    obj = factory.build(slug="export")
    with pytest.raises(ValidationError, match="reserved"):
        obj.full_clean()
