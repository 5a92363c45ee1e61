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


def setting(expression, **env):
    code = f"from django.conf import settings; print({expression})"
    result = manage("shell", "-c", code, **(PRODUCTION | env))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_cache_defaults_to_local_memory_and_reads_redis_url():
    backend = "settings.CACHES['default']['BACKEND']"
    assert setting(backend).endswith("LocMemCache")
    assert setting(backend, REDIS_URL="redis://127.0.0.1:6379/2") == "config.cache.RedisCache"
    assert setting(backend, CACHE_URL="rediscache://127.0.0.1:6379/2") == "config.cache.RedisCache"
    assert setting("settings.CACHES['default']['LOCATION']", REDIS_URL="redis://127.0.0.1:6379/2") == (
        "redis://127.0.0.1:6379/2"
    )


def test_media_goes_to_object_storage_when_a_bucket_is_named():
    media = "settings.STORAGES['default']['BACKEND'], settings.SERVE_MEDIA"
    assert setting(media) == "django.core.files.storage.FileSystemStorage True"
    assert setting(media, AWS_STORAGE_BUCKET_NAME="cuesheet-media") == "storages.backends.s3.S3Storage False"


def test_replica_url_adds_a_read_replica():
    assert setting("settings.READ_REPLICA") == "None"
    assert setting("settings.READ_REPLICA", DATABASE_REPLICA_URL="postgres://u@replica:5432/db") == "replica"


def test_allowed_hosts_and_csrf_origins_are_lists_from_the_environment():
    assert setting("settings.ALLOWED_HOSTS") == "['cuesheet.example']"
    assert setting(
        "settings.CSRF_TRUSTED_ORIGINS", CSRF_TRUSTED_ORIGINS="https://a.example,https://b.example"
    ) == ("['https://a.example', 'https://b.example']")


def test_a_django_log_line_is_printed_once():
    result = manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('django.request').warning('printed-once')",
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout + result.stderr).count("printed-once") == 1


def test_manage_py_works_locally_without_a_secret_or_debug_in_the_environment():
    result = manage("check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_postgresql_prepares_the_statements_it_runs_often_unless_a_pooler_needs_it_off():
    options = "[d.get('OPTIONS', {}).get('prepare_threshold', '-') for d in settings.DATABASES.values()]"
    both = {"DATABASE_URL": "postgres://u@h:5432/db", "DATABASE_REPLICA_URL": "postgres://u@replica:5432/db"}
    assert setting(options, **both) == "[5, 5]"
    assert setting(options, PG_PREPARED_STATEMENTS="0", **both) == "[None, None]"
    assert setting(options) == "['-']"  # SQLite
