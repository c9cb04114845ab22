"""One provenance rule everywhere: the queue, the page notice, list cards and the API."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from tests.factories import CaseStudyFactory, CitationFactory, SourceFactory
from topics.models import Citation, Reliability, VerificationStatus
from topics.provenance import Provenance, assess, rests_only_on_ai
from topics.verification_queue import provenance_counts, verification_queue

pytestmark = pytest.mark.django_db

AI_NOTICE = "rests only on AI-generated sources"
AI_CARD = "Unverified: AI-generated sources only"


def case_citing_ai(verification):
    case = CaseStudyFactory(title="Coalition against Daesh")
    citation = CitationFactory(
        topic=None,
        case_study=case,
        source=SourceFactory(reliability=Reliability.AI_GENERATED),
        verification=verification,
        verification_note="Wrong date." if verification == "disputed" else "",
    )
    return case, citation


@pytest.mark.parametrize(
    ("verification", "ai_only"),
    [
        (VerificationStatus.UNVERIFIED, True),
        (VerificationStatus.DISPUTED, True),
        (VerificationStatus.VERIFIED, False),
    ],
)
def test_every_path_applies_the_same_rule(client, verification, ai_only):
    """A claim of an AI source that a reviewer verified counts as checked everywhere."""
    case, citation = case_citing_ai(verification)

    assert rests_only_on_ai(citation) is ai_only
    assert Citation.objects.get(pk=citation.pk).is_ai_only is ai_only
    assert (assess([citation]) == Provenance.AI_ONLY) is ai_only
    assert CaseStudy.objects.backed_only_by_ai().filter(pk=case.pk).exists() is ai_only
    assert provenance_counts()["case_studies"]["backed_only_by_ai"] == int(ai_only)
    queued = verification_queue()["case_studies"]["backed_only_by_ai"]
    assert (case in list(queued)) is ai_only

    page = client.get(case.get_absolute_url()).content.decode()
    assert (AI_NOTICE in page) is ai_only
    listing = client.get(reverse("casestudies:list")).content.decode()
    assert (AI_CARD in listing) is ai_only
    api = client.get(reverse("api:citation-detail", args=[citation.pk])).json()
    assert api["is_ai_only"] is ai_only


def test_an_item_citing_nothing_is_unsourced_not_ai_only(client):
    case = CaseStudyFactory()

    assert assess([]) == Provenance.UNSOURCED
    assert not CaseStudy.objects.backed_only_by_ai().filter(pk=case.pk).exists()
    assert CaseStudy.objects.without_citations().filter(pk=case.pk).exists()
