"""Request and security logs: one line per request, request ids, no secrets."""

import importlib
import io
import json
import logging
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from rest_framework.reverse import reverse

from milidip_site import security_log
from milidip_site.logs import JsonFormatter, RedactSecretsFilter, TextFormatter

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO milidip\.request "
    r"request_id=(?P<id>[0-9a-f]{32}) user=(?P<user>\S+) method=GET "
    r"path=(?P<path>\S+) status=(?P<status>\d{3}) duration_ms=\d+\.\d$"
)


@pytest.fixture
def log_output():
    """What the configured console handler writes, as text."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h.formatter, TextFormatter | JsonFormatter)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def _lines(buffer: io.StringIO, logger: str) -> list[str]:
    return [line for line in buffer.getvalue().splitlines() if f" {logger} " in line]


def test_each_request_writes_one_line_with_its_fields(client, log_output):
    response = client.get("/topics/")

    (line,) = _lines(log_output, "milidip.request")
    match = LINE.match(line)
    assert match, line
    assert match["id"] == response["X-Request-ID"]
    assert match["user"] == "-"
    assert match["path"] == "/topics/"
    assert match["status"] == "200"


def test_the_line_names_the_logged_in_user(editor_client, editor, log_output):
    editor_client.get("/sources/")

    (line,) = _lines(log_output, "milidip.request")
    assert f" user={editor.pk} " in line


def test_record_carries_the_fields_for_structured_logs(client, caplog):
    with caplog.at_level(logging.INFO, logger="milidip.request"):
        response = client.get("/no-such-page/")

    (record,) = [r for r in caplog.records if r.name == "milidip.request"]
    assert record.request_id == response["X-Request-ID"]
    assert (record.method, record.path, record.status) == ("GET", "/no-such-page/", 404)
    assert record.user_id == "-"
    assert isinstance(record.duration_ms, float)


def test_a_sane_incoming_request_id_is_kept(client, caplog):
    with caplog.at_level(logging.INFO, logger="milidip.request"):
        response = client.get("/topics/", HTTP_X_REQUEST_ID="edge-proxy.42_A")

    assert response["X-Request-ID"] == "edge-proxy.42_A"
    (record,) = [r for r in caplog.records if r.name == "milidip.request"]
    assert record.request_id == "edge-proxy.42_A"


@pytest.mark.parametrize(
    "incoming", ["x" * 65, "has space", "line\nbreak", "semi;colon", ""]
)
def test_an_unusable_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/topics/", HTTP_X_REQUEST_ID=incoming)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_record_during_a_request_carries_its_id(client, log_output):
    response = client.post("/admin/login/", {"username": "nobody", "password": "x"})

    (line,) = _lines(log_output, "milidip.security")
    assert f"request_id={response['X-Request-ID']} " in line


def test_newlines_and_control_characters_are_escaped(client, log_output):
    client.get("/topics/evil%0Aforged line%1B[31m/")

    lines = log_output.getvalue().splitlines()
    (line,) = [line for line in lines if " milidip.request " in line]
    assert r'path="/topics/evil\nforged line\x1b[31m/"' in line
    assert not any(line.startswith("forged") for line in lines)


def test_json_format_is_one_object_per_line(client, log_output):
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h.formatter, TextFormatter)
    )
    text_formatter = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        response = client.get("/topics/")
    finally:
        handler.setFormatter(text_formatter)

    records = [json.loads(line) for line in log_output.getvalue().splitlines()]
    (entry,) = [r for r in records if r["logger"] == "milidip.request"]
    assert entry["level"] == "INFO"
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/topics/", 200)
    assert entry["user_id"] == "-"
    assert entry["timestamp"].endswith("+00:00")
    assert "duration_ms" in entry


def test_the_log_format_setting_picks_the_json_formatter(monkeypatch):
    import milidip_site.settings as site_settings

    monkeypatch.setenv("DJANGO_LOG_FORMAT", "json")
    try:
        json_logging = importlib.reload(site_settings).LOGGING
    finally:
        monkeypatch.delenv("DJANGO_LOG_FORMAT")
        text_logging = importlib.reload(site_settings).LOGGING

    assert json_logging["handlers"]["console"]["formatter"] == "json"
    assert text_logging["handlers"]["console"]["formatter"] == "text"


TOKEN = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"


@pytest.mark.parametrize(
    ("message", "secret"),
    [
        (f"Authorization: Token {TOKEN}", TOKEN),
        ("{'HTTP_AUTHORIZATION': 'Bearer abc.def-ghi_jkl'}", "abc.def-ghi_jkl"),
        ("POST body username=ann&password=hunter2-secret&next=/", "hunter2-secret"),
        ('{"password": "correct horse", "user": "ann"}', "correct horse"),
        ("new_password1=Sup3r-s3cret", "Sup3r-s3cret"),
        ("csrfmiddlewaretoken=QWErty123456", "QWErty123456"),
        (f"key {TOKEN} leaked", TOKEN),
        ("GET /x?api_key=k-1234567890", "k-1234567890"),
    ],
)
def test_secrets_never_reach_the_log(log_output, message, secret):
    logging.getLogger("milidip.test").warning("%s", message)

    written = log_output.getvalue()
    assert "milidip.test" in written
    assert "[REDACTED]" in written
    assert secret.split()[0] not in written


def test_secrets_in_extra_fields_are_redacted_too():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    record.path = "/login?password=hunter2-secret"

    RedactSecretsFilter().filter(record)

    assert "hunter2-secret" not in record.path


def test_failed_login_is_logged_with_the_escaped_username_and_no_password(
    client, log_output, caplog
):
    client.post(
        "/admin/login/", {"username": "eve\nadmin", "password": "hunter2-secret"}
    )

    (line,) = _lines(log_output, "milidip.security")
    assert 'login failed username="eve\\nadmin" ip=127.0.0.1 path=/admin/login/' in (
        line
    )
    assert "hunter2-secret" not in log_output.getvalue()
    assert "hunter2-secret" not in caplog.text


def test_lockout_is_logged(caplog):
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="192.0.2.5")

    with caplog.at_level(logging.WARNING, logger="milidip.security"):
        security_log.log_locked_out(
            sender=None, request=request, username="mallory", ip_address="192.0.2.5"
        )

    assert caplog.messages == [
        "login locked out username=mallory ip=192.0.2.5 path=/admin/login/"
    ]


def test_lockout_signal_is_connected_when_axes_is_installed():
    signals = pytest.importorskip("axes.signals")

    assert any(
        entry[1]() is security_log.log_locked_out
        for entry in signals.user_locked_out.receivers
    )


def test_refused_api_write_is_logged_with_user_and_path(user_api_client, caplog):
    with caplog.at_level(logging.WARNING, logger="milidip.security"):
        response = user_api_client.post(reverse("api:source-list"), {"title": "x"})

    assert response.status_code == 403
    assert caplog.messages == [
        f"permission denied user={user_api_client.user.pk} method=POST "
        "ip=127.0.0.1 path=/api/v1/sources/ status=403"
    ]


def test_refused_admin_page_is_logged_with_user_and_path(editor_client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="milidip.security"):
        response = editor_client.get("/admin/auth/user/")

    assert response.status_code == 403
    assert caplog.messages == [
        f"permission denied user={editor.pk} method=GET "
        "ip=127.0.0.1 path=/admin/auth/user/ status=403"
    ]


def test_django_does_not_repeat_client_errors(client, caplog):
    with caplog.at_level(logging.DEBUG):
        client.get("/no-such-page/")

    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_refused_body_is_a_warning_without_traceback(client, log_output):
    client.generic(
        "POST",
        "/admin/login/",
        b"username=" + b"x" * 3_000_000,
        content_type="application/x-www-form-urlencoded",
    )

    written = log_output.getvalue()
    assert "WARNING django.security.RequestDataTooBig" in written
    assert "ERROR" not in written
    assert "Traceback" not in written


@pytest.mark.urls("tests.ops.urls_failing")
def test_the_500_page_shows_the_request_id(log_output):
    client = Client(raise_request_exception=False)

    response = client.get("/failing/")

    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert f"Reference: <code>{request_id}</code>" in response.content.decode()
    # The traceback is logged under the same id.
    assert f"ERROR django.request request_id={request_id} " in log_output.getvalue()


def test_no_user_model_password_hash_in_logs(client, log_output):
    User.objects.create_user("ann", password="hunter2-secret")

    client.post("/admin/login/", {"username": "ann", "password": "wrong-one"})

    assert "wrong-one" not in log_output.getvalue()
    assert "hunter2-secret" not in log_output.getvalue()


def test_workflow_step_refused_in_the_admin_is_logged(editor_client, editor, caplog):
    from tests.factories import TopicFactory
    from tests.helpers import change_form_data

    topic = TopicFactory(draft=True)
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    data = change_form_data(editor_client.get(url))
    data["status"] = "published"

    with caplog.at_level(logging.WARNING, logger="milidip.security"):
        response = editor_client.post(url, data)

    assert response.status_code == 200  # the form shows the refusal
    (message,) = [
        r.getMessage() for r in caplog.records if r.name == "milidip.security"
    ]
    assert message.startswith(
        f"workflow refused user={editor.pk} object=topics.topic:{topic.pk} "
        'reason="Only reviewers can publish'
    )
