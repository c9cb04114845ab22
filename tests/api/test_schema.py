"""Property-based run of schemathesis against the live OpenAPI schema.

Requests go in-process to the WSGI application, inside the test's transaction;
examples are bounded so the whole run stays well under a minute.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import (
    CaseStudyFactory,
    CitationFactory,
    EditorFactory,
    ParticipationFactory,
    TopicFactory,
)

# Per operation; raise it for a deeper local run: MILIDIP_API_FUZZ_EXAMPLES=200.
MAX_EXAMPLES = int(os.environ.get("MILIDIP_API_FUZZ_EXAMPLES", "15"))
# "Schema-valid data must be accepted" does not hold for this API by design: a
# filter value that matches no facet (a slug of control characters, say) is a
# 400 with a message, which the schema documents, rather than an empty list.
EXCLUDED_CHECKS = [positive_data_acceptance]


pytestmark = pytest.mark.slow


@pytest.fixture
def api_schema(db):
    # As Django's test client does: keep the test's connection (and its
    # transaction) open across the requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    topic = TopicFactory(slug="peacekeeping")
    case = CaseStudyFactory(slug="bosnia", topics=[topic])
    ParticipationFactory(case_study=case)
    CitationFactory(topic=topic)
    yield schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def run_every_operation(schema, headers=None) -> None:
    """Generate requests for each documented operation and validate the responses."""
    for result in schema.get_all_operations():
        operation = result.ok()

        @HYPOTHESIS
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS)

        check()


def test_anonymous_clients_never_see_a_server_error_or_an_off_schema_response(
    api_schema,
):
    run_every_operation(api_schema)


def test_editors_never_see_a_server_error_or_an_off_schema_response(api_schema):
    _, token = AuthToken.objects.create(EditorFactory())
    run_every_operation(api_schema, headers={"Authorization": f"Token {token}"})
