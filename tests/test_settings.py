"""Settings come from the environment, with safe local defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "cuesheet.example",
    "DEBUG": "0",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ssl_redirect_can_be_turned_off_for_a_tls_terminating_proxy():
    code = "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, settings.DATABASES['default']['ENGINE'])"
    on = manage("shell", "-c", code, **PRODUCTION)
    off = manage(
        "shell", "-c", code, SECURE_SSL_REDIRECT="0", DATABASE_URL="postgres://u@h:5432/db", **PRODUCTION
    )
    assert on.stdout.split()[-2:] == ["True", "django.db.backends.sqlite3"]
    assert off.stdout.split()[-2:] == ["False", "django.db.backends.postgresql"]
