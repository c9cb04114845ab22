"""Release notes list what changed since the previous release, and nothing else."""

import pytest
from django.utils import timezone

from editorial.models import PublicationStatus
from releases.build import make_release
from tests.factories import (
    ActorFactory,
    CaseStudyFactory,
    CitationFactory,
    ParticipationFactory,
    TopicFactory,
)
from topics.models import Citation, VerificationStatus

pytestmark = pytest.mark.django_db


def _labels(release, table, kind):
    return [row["label"] for row in release.changes["tables"][table][kind]]


def test_a_second_release_lists_what_was_added_changed_withdrawn_and_corrected():
    kept = TopicFactory(title="Peacekeeping")
    renamed = TopicFactory(title="Defence attachés")
    withdrawn = TopicFactory(title="Gunboat diplomacy")
    case = CaseStudyFactory(title="IFOR in Bosnia")
    ParticipationFactory(case_study=case, actor=ActorFactory(name="NATO"))
    citation = CitationFactory(topic=kept, claim="Peacekeepers keep the peace.")
    first = make_release("2026.1")
    assert first.notes == "The first release."

    renamed.title = "Defense attachés"
    renamed.save()
    withdrawn.status = PublicationStatus.DRAFT
    withdrawn.save()
    CaseStudyFactory(title="Operation Atalanta")
    citation.verification = VerificationStatus.DISPUTED
    citation.verification_note = "Not always."
    citation.save()
    # A save that changes no content is no change.
    kept.save()

    second = make_release("2026.2", notes="Spring update.")

    assert _labels(second, "topics", "changed") == ["Defense attachés"]
    assert _labels(second, "topics", "withdrawn") == ["Gunboat diplomacy"]
    assert _labels(second, "topics", "added") == []
    assert _labels(second, "case_studies", "added") == ["Operation Atalanta"]
    assert _labels(second, "case_studies", "changed") == []
    assert _labels(second, "citations", "changed") == ["Peacekeepers keep the peace."]
    assert second.changes["corrections"] == [
        {
            "id": citation.pk,
            "claim": "Peacekeepers keep the peace.",
            "from": "unverified",
            "to": "disputed",
            "note": "Not always.",
        }
    ]
    assert second.notes.startswith("Spring update.\n\nChanges since 2026.1:")
    assert "Topics, changed (1): Defense attachés" in second.notes
    assert "Topics, withdrawn (1): Gunboat diplomacy" in second.notes
    assert "Case studies, added (1): Operation Atalanta" in second.notes
    assert f"Correction: citation {citation.pk} is now disputed" in second.notes


def test_a_release_without_changes_says_so():
    TopicFactory()
    make_release("2026.1")
    Citation.objects.update(updated_at=timezone.now())

    second = make_release("2026.2")

    assert second.notes == "Changes since 2026.1:\n- No change to the content."


def test_a_lost_previous_file_does_not_stop_the_next_release(media_root):
    TopicFactory()
    first = make_release("2026.1")
    (media_root / first.file.name).unlink()

    second = make_release("2026.2")

    assert second.notes == (
        "The file of release 2026.1 could not be read: no list of changes."
    )
