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


@pytest.fixture
def api_client():
    """An anonymous API client."""
    from rest_framework.test import APIClient

    return APIClient()


def _token_client(user):
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    _, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.user = user
    return client


@pytest.fixture
def editor_api_client(editor):
    """An API client authenticated with an editor's token."""
    return _token_client(editor)


@pytest.fixture
def user_api_client(db):
    """An API client authenticated with the token of a user without permissions."""
    from tests.factories import UserFactory

    return _token_client(UserFactory())


@pytest.fixture
def reviewer_api_client(reviewer):
    """An API client authenticated with a reviewer's token (may publish)."""
    return _token_client(reviewer)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (throttle counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The suite never reaches outside the machine: an HTTP request through `requests`
# (the link checker, the archive lookup) to anything but loopback fails the test.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def _only_loopback_http(monkeypatch):
    from urllib.parse import urlsplit

    from requests.adapters import HTTPAdapter

    send = HTTPAdapter.send

    def guarded_send(self, request, *args, **kwargs):
        host = urlsplit(request.url).hostname
        if host not in LOOPBACK_HOSTS:
            raise AssertionError(f"The test suite must not reach {host}.")
        return send(self, request, *args, **kwargs)

    monkeypatch.setattr(HTTPAdapter, "send", guarded_send)
