"""Configuration from the environment: clear errors for bad values, a production mode that passes --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_django(env_changes, *args):
    dropped = {"DATABASE_URL", "DATABASE_MIGRATE_URL", "REDIS_URL", "DJANGO_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://localhost/imt"),
        ("REDIS_URL", "localhost:6379"),
        ("DJANGO_ENV", "staging"),
        ("CELERY_TASK_TIME_LIMIT", "ten"),
        ("EMAIL_PORT", "-3"),
        ("ADMINS", "Ops team"),
        ("SENTRY_DSN", "sentry.example.org/1"),
        ("MFA_GRACE_DAYS", "a week"),
    ],
)
def test_malformed_variable_stops_start_up_naming_it(variable, value):
    result = run_django({variable: value}, "check")
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_requires_a_secret_key_and_hosts():
    result = run_django({"DJANGO_ENV": "production"}, "check")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    key = "a-random-looking-secret-key-0123456789-abcdefghijklmnop"
    result = run_django({"DJANGO_ENV": "production", "SECRET_KEY": key}, "check")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_configuration_passes_the_deploy_check():
    result = run_django(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "a-long-random-secret-key-for-the-deploy-check-0123456789-abcdefgh",
            "ALLOWED_HOSTS": "imt.example.org",
        },
        "check", "--deploy", "--fail-level", "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def settings_seen(env, *expressions):
    """What the settings are with `env`: each expression on `s` (the settings), as a fresh process prints it."""
    result = run_django(env, "shell", "--no-imports", "-c",
                        "from django.conf import settings as s; print(" + ", ".join(expressions) + ")")
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_embedded_default_uses_sqlite_eager_celery_and_console_mail():
    assert settings_seen(
        {}, "s.DATABASES['default']['ENGINE']", "s.CELERY_TASK_ALWAYS_EAGER", "s.EMAIL_BACKEND",
        "s.CACHES['default']['BACKEND']",
    ) == [
        "django.db.backends.sqlite3", "True",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_broker():
    env = {"DATABASE_URL": "postgresql://app:secret@db.internal:5433/imt", "REDIS_URL": "redis://cache.internal:6379/2"}
    database = [f"s.DATABASES['default']['{key}']" for key in ("ENGINE", "HOST", "PORT", "NAME", "USER")]
    assert settings_seen(
        env, *database, "s.CELERY_TASK_ALWAYS_EAGER", "s.CELERY_BROKER_URL", "s.CACHES['default']['BACKEND']",
    ) == [
        "django.db.backends.postgresql", "db.internal", "5433", "imt", "app", "False",
        "redis://cache.internal:6379/2", "imt.cache.RedisCache",
    ]


def test_the_cache_never_shares_the_brokers_redis_database():
    result = run_django(
        {"REDIS_URL": "redis://cache.internal:6379/2"},
        "shell", "--no-imports", "-c", "from django.conf import settings as s; print(s.CACHES['default']['LOCATION'])",
    )
    assert result.stdout.strip() == "redis://cache.internal:6379/3"


def test_a_weak_secret_key_is_refused_in_production():
    result = run_django({"DJANGO_ENV": "production", "SECRET_KEY": "change-me", "ALLOWED_HOSTS": "x.org"}, "check")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_celery_visibility_timeout_outlasts_the_hard_time_limit():
    from imt.celery import app

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.task_serializer == "json" and app.conf.accept_content == ["json"]
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit


def test_errors_are_mailed_to_admins_unless_sentry_takes_them():
    read = "from django.conf import settings as s; print(s.ADMINS)"
    admins = "Ana Ruiz <ana@example.org>, ops@example.org"
    result = run_django({"ADMINS": admins}, "shell", "--no-imports", "-c", read)
    assert result.stdout.strip() == "[('Ana Ruiz', 'ana@example.org'), ('', 'ops@example.org')]", result.stderr
    result = run_django({"ADMINS": admins, "SENTRY_DSN": "https://key@sentry.example.org/1"},
                        "shell", "--no-imports", "-c", read + "; import sentry_sdk; print(sentry_sdk.is_initialized())")
    assert result.stdout.split() == ["[]", "True"], result.stderr
