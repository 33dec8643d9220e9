"""Settings come from the environment, fail fast on bad values, and production is hardened."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(  # noqa: S603 — fixed command, our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True,
        timeout=120, check=False,
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "lokalsundhed.example.dk",
    "SITE_URL": "https://lokalsundhed.example.dk",
}


def test_production_passes_the_deployment_checklist_without_warnings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", LOKALSUNDHED_VAR_DIR=str(tmp_path), **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": "", "LOKALSUNDHED_VAR_DIR": str(tmp_path)}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secrets_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(60))
    env = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(key_file), "LOKALSUNDHED_VAR_DIR": str(tmp_path)}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("site_url", ["", "http://127.0.0.1:8000", "https://localhost:8000"])
def test_production_refuses_to_start_without_the_sites_public_address(tmp_path, site_url):
    result = _manage("check", LOKALSUNDHED_VAR_DIR=str(tmp_path), **{**PRODUCTION, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("DEBUG", "maybe"), ("SESSION_IDLE_TIMEOUT_MINUTES", "thirty"), ("LOGIN_FAILURE_LIMIT", "0")]
)
def test_a_bad_value_stops_the_start(tmp_path, name, value):
    result = _manage("check", LOKALSUNDHED_VAR_DIR=str(tmp_path), **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_the_workers_threads_come_from_the_environment(tmp_path):
    script = "from django.conf import settings; print(settings.HUEY['consumer']['workers'])"
    result = _manage("shell", "-c", script, LOKALSUNDHED_VAR_DIR=str(tmp_path), HUEY_WORKERS="6")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "6"
    assert "HUEY_WORKERS" in _manage("check", LOKALSUNDHED_VAR_DIR=str(tmp_path), HUEY_WORKERS="0").stderr
