"""Property-based runs of schemathesis against the live OpenAPI schema.

The in-process runs send requests to the WSGI application inside the test's
transaction (fuzzing, bounded examples). The CLI run drives a real gunicorn with
DEBUG off through every check and phase, stateful included.
"""

import os
import re
import subprocess

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
from tests.ops.scratch import scratch_database
from tests.ops.servers import BIN, ROOT, free_port, gunicorn, manage, site_env

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


# The whole contract, as an integrator's tools see it: the schemathesis CLI with
# every check and every phase (stateful included), against gunicorn with DEBUG off
# on a scratch database with the demo content, anonymously and with an editor's
# token. 25 examples per operation found every failure of issue 12.
CLI_EXAMPLES = os.environ.get("MILIDIP_API_CLI_EXAMPLES", "25")
CLI_TIMEOUT = 900


def _schemathesis(base_url: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            f"{base_url}/api/schema/",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            CLI_EXAMPLES,
            "--seed",
            "1",
            "--suppress-health-check",
            "all",
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--no-color",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        cwd=ROOT,
    )


MAKE_EDITOR_TOKEN = """
from django.contrib.auth.models import Group, User
from milidip_site.api.token_admin import issue_token
editor = User.objects.create(username="schemathesis-editor", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
print(issue_token(editor)[1])
"""


def test_schemathesis_cli_finds_nothing_anonymously_or_with_an_editor_token(tmp_path):
    with scratch_database("schemathesis", tmp_path) as database_url:
        env = site_env(DATABASE_URL=database_url)
        for command in (["migrate", "--no-input"], ["load_demo_content"]):
            result = manage(*command, env=env, timeout=300)
            assert result.returncode == 0, result.stderr
        made = manage("shell", "-c", MAKE_EDITOR_TOKEN, env=env)
        assert made.returncode == 0, made.stderr
        token = made.stdout.strip().splitlines()[-1]

        with gunicorn(env, free_port(), "--workers", "2") as base_url:
            runs = {
                "anonymous": _schemathesis(base_url),
                "editor": _schemathesis(
                    base_url, "--header", f"Authorization: Bearer {token}"
                ),
            }

    for who, run in runs.items():
        summary = run.stdout[run.stdout.rfind("SUMMARY") :]
        assert run.returncode == 0, f"{who}:\n{run.stdout[-12000:]}"
        assert "Failures:" not in summary and "Errors:" not in summary, summary
        assert re.search(r"Tested: *3\d", summary), summary  # every operation ran
