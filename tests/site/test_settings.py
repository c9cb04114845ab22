"""Production safety: no secret key, no start; deploy checks clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env["DJANGO_ENV_FILE"] = ""  # ignore a developer's local .env
    clean_env.update(env)
    clean_env["DJANGO_SETTINGS_MODULE"] = "milidip_site.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_site_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_development_key_is_refused_in_production():
    result = _manage(
        "check", DJANGO_SECRET_KEY="dev-only-insecure-key-never-used-when-debug-is-off"
    )
    assert result.returncode != 0
    assert "development secret key" in result.stderr


def test_deploy_checks_are_clean_for_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a-production-key-" + "k7Qz9" * 12,
        DJANGO_ALLOWED_HOSTS="milidip.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_local_env_file_fills_in_unset_variables(tmp_path):
    env_file = tmp_path / "local.env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    result = _manage("check", DJANGO_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr


def test_the_real_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / "local.env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    result = _manage("check", DJANGO_ENV_FILE=str(env_file), DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_reader_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy


def test_only_the_admin_is_left_without_the_strict_policy(client, db):
    assert not client.get("/admin/login/").has_header("Content-Security-Policy")
    # The API docs run it, with a nonce (tests/api/test_docs.py).
    assert client.get("/api/docs/").has_header("Content-Security-Policy")
    assert client.get("/api/redoc/").has_header("Content-Security-Policy")
