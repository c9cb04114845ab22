import pytest

from tests.factories import EditorFactory, ReviewerFactory


@pytest.fixture
def editor(db):
    """A staff member in the Editors group, not a superuser."""
    return EditorFactory()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer(db):
    """A staff member in the Reviewers group: edits, publishes, verifies citations."""
    return ReviewerFactory()


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client
