"""The container set-up, checked by reading it: Dockerfile, docker-compose.yml, .env.example.

There is no Docker engine here, so these tests parse the files and hold them to
what the application needs: the five services and their commands, one shared
environment wired to the db and redis services, health checks and start-up
order, a private media volume, a non-root image with WeasyPrint's libraries,
and only environment variable names that imt/settings.py actually reads.
"""

import ast
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
ENTRYPOINT = ROOT / "scripts" / "docker-entrypoint.sh"
HEALTHCHECK = ROOT / "scripts" / "docker-healthcheck.py"
SETTINGS = ROOT / "imt" / "settings.py"

APP_SERVICES = ("web", "worker", "beat")
WEASYPRINT_PACKAGES = (
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "fonts-dejavu-core",
    "shared-mime-info",
)

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $NAME; "$$" is a literal "$".
INTERPOLATION = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)
ENV_LINE = re.compile(r"^\s*(?P<comment>#\s*)?(?:export\s+)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def settings_env_names():
    """The names imt/settings.py passes to its env_* helpers (imt.env)."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("env_")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def interpolate(value, variables):
    """Compose's variable substitution, enough for this file."""

    def substitute(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group("braced") or match.group("bare")
        op, arg = match.group("op"), match.group("arg")
        present = name in variables
        current = variables.get(name, "")
        if op in (":-", "-"):
            use_default = not current if op == ":-" else not present
            return arg if use_default else current
        if op in (":?", "?"):
            if (not current) if op == ":?" else (not present):
                raise ValueError(f"required variable {name} is missing: {arg}")
            return current
        if op in (":+", "+"):
            return arg if (current if op == ":+" else present) else ""
        return current

    return INTERPOLATION.sub(substitute, value)


def interpolated_names(text):
    return {m.group("braced") or m.group("bare") for m in INTERPOLATION.finditer(text) if m.group(0) != "$$"}


def parse_env_file(path):
    """(active, commented): the NAME=value lines of a dotenv file, and the names only shown commented out."""
    active, commented = {}, set()
    for line in path.read_text().splitlines():
        match = ENV_LINE.match(line)
        if not match:
            continue
        if match.group("comment"):
            commented.add(match.group("name"))
            continue
        value = match.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        active[match.group("name")] = value
    return active, commented


def container_environment(service, dotenv):
    """The environment the container gets: env_file first, then `environment`, interpolated with `dotenv`."""
    env_files = service.get("env_file", [])
    env_files = [env_files] if isinstance(env_files, str) else env_files
    env = {}
    for name in env_files:
        assert name == ".env", f"unexpected env_file {name!r}"
        env.update(dotenv)
    env.update({key: interpolate(str(value), dotenv) for key, value in service.get("environment", {}).items()})
    return env


def command_of(service):
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def healthcheck_command(service):
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        current += line.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        keyword, _, rest = current.strip().partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        current = ""
    return instructions


# --- services and commands ------------------------------------------------------


def test_the_five_services_exist(services):
    assert set(services) == {"web", "worker", "beat", "db", "redis"}


def test_web_runs_gunicorn_on_the_wsgi_application(services):
    command = command_of(services["web"])
    assert command[0] == "gunicorn"
    assert "imt.wsgi:application" in command
    assert command[command.index("--bind") + 1] == "0.0.0.0:8000"
    assert any(str(port).endswith(":8000") for port in services["web"]["ports"])


def test_worker_runs_the_celery_worker(services):
    assert command_of(services["worker"])[:4] == ["celery", "-A", "imt", "worker"]


def test_beat_runs_celery_beat_with_a_schedule_file_in_a_writable_directory(services):
    command = command_of(services["beat"])
    assert command[:4] == ["celery", "-A", "imt", "beat"]
    option = "--schedule" if "--schedule" in command else "-s"
    schedule = command[command.index(option) + 1]
    directory = str(Path(schedule).parent)
    mounted = {volume.split(":")[1] for volume in services["beat"].get("volumes", [])}
    created_in_image = any(
        keyword == "RUN" and "mkdir" in args and directory in args and "chown" in args
        for keyword, args in dockerfile_instructions()
    )
    assert directory in mounted or created_in_image, f"beat schedule directory {directory} is not writable"


def test_app_services_run_the_same_image(services):
    images = {
        (json.dumps(services[name].get("build"), sort_keys=True), services[name].get("image")) for name in APP_SERVICES
    }
    assert len(images) == 1
    assert services["web"]["build"] in (".", {"context": "."})


# --- one shared environment ----------------------------------------------------------


def test_web_worker_and_beat_share_one_environment(services):
    environments = [services[name].get("environment") for name in APP_SERVICES]
    env_files = [services[name].get("env_file") for name in APP_SERVICES]
    assert environments[0], "the shared environment is empty"
    assert all(env == environments[0] for env in environments)
    assert all(env_file == env_files[0] for env_file in env_files)


def test_the_anchor_holds_the_shared_environment(compose, services):
    assert compose["x-app-env"] == services["web"]["environment"]


@pytest.mark.parametrize("dotenv_source", ["nothing", ".env.example"])
def test_environment_points_at_the_db_and_redis_services(services, dotenv_source):
    dotenv = parse_env_file(ENV_EXAMPLE)[0] if dotenv_source == ".env.example" else {}
    env = container_environment(services["web"], dotenv)
    assert env["DJANGO_ENV"] == "production"

    db_env = services["db"]["environment"]
    for variable, role, password in (("DATABASE_URL", "imt_app", "IMT_APP_PASSWORD"),
                                     ("DATABASE_MIGRATE_URL", "imt_owner", "IMT_OWNER_PASSWORD")):
        database = urlparse(env[variable])
        assert database.scheme in ("postgres", "postgresql")
        assert database.hostname == "db"
        assert database.port in (None, 5432)
        assert database.username == role, "the roles scripts/postgres-init creates"
        assert database.password == db_env[password]
        assert database.path.lstrip("/") == db_env["POSTGRES_DB"]

    redis = urlparse(env["REDIS_URL"])
    assert redis.scheme in ("redis", "rediss")
    assert redis.hostname == "redis"


def test_settings_load_in_production_with_the_compose_environment(services):
    """imt.settings imported with exactly what web gets from compose and .env.example."""
    env = container_environment(services["web"], parse_env_file(ENV_EXAMPLE)[0])
    # .env.example's placeholder key is refused on purpose; a user puts a real one in .env.
    env["SECRET_KEY"] = "a-real-looking-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    env.update({"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "imt.settings", "PYTHONPATH": str(ROOT)})
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
        "'db_host': s.DATABASES['default']['HOST'], 'cache': s.CACHES['default']['BACKEND'], "
        "'broker': s.CELERY_BROKER_URL, 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'media': str(s.MEDIA_ROOT), "
        "'hosts': s.ALLOWED_HOSTS, 'email_backend': s.EMAIL_BACKEND, 'from': s.DEFAULT_FROM_EMAIL}))"
    )
    result = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["db_host"] == "db"
    assert loaded["cache"] == "imt.cache.RedisCache"
    assert urlparse(loaded["broker"]).hostname == "redis"
    assert loaded["eager"] is False
    assert loaded["media"] == env["MEDIA_ROOT"]
    assert "localhost" in loaded["hosts"]
    assert loaded["email_backend"]
    assert loaded["from"] and '"' not in loaded["from"]


# --- health checks and start-up order -----------------------------------------------


def test_db_is_postgres_16_with_a_named_volume_and_pg_isready(compose, services):
    db = services["db"]
    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in healthcheck_command(db)
    data_volumes = [v for v in db["volumes"] if v.split(":")[1] == "/var/lib/postgresql/data"]
    assert data_volumes and data_volumes[0].split(":")[0] in compose["volumes"]


def test_the_database_gets_an_owner_and_an_application_role_that_is_no_superuser(services):
    db = services["db"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in db["volumes"]}
    init = ROOT / mounts["/docker-entrypoint-initdb.d"].lstrip("./")
    script = (init / "10-imt-roles.sh").read_text()
    for role in ("imt_owner", "imt_app"):
        assert re.search(rf"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE", script), role
    assert 'OWNER TO imt_owner' in script
    assert db["environment"]["POSTGRES_USER"] not in ("imt_owner", "imt_app"), "the app never connects as superuser"


def test_redis_is_redis_7_with_a_ping_health_check(services):
    redis = services["redis"]
    assert redis["image"].startswith("redis:7")
    assert "redis-cli" in healthcheck_command(redis) and "ping" in healthcheck_command(redis)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_a_healthy_db_and_redis(services, name):
    depends_on = services[name]["depends_on"]
    assert isinstance(depends_on, dict), "the short list form does not wait for health"
    for dependency in ("db", "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy"


def test_web_has_a_health_check_script_that_exists(services):
    command = healthcheck_command(services["web"])
    assert "/app/scripts/docker-healthcheck.py" in command
    assert HEALTHCHECK.is_file()
    assert load_healthcheck().PATH == "/healthz/"


def test_the_worker_is_checked_by_a_celery_ping_to_itself(services):
    command = healthcheck_command(services["worker"])
    assert "celery -A imt inspect ping" in command
    assert "--destination celery@$$HOSTNAME" in command  # $$: compose passes a literal $ to the shell


def test_beat_is_checked_by_the_age_of_its_schedule_file(services, tmp_path):
    assert healthcheck_command(services["beat"]).endswith("/app/scripts/docker-healthcheck.py beat")
    schedule = " ".join(command_of(services["beat"])).split("--schedule ")[1].split()[0]
    checker = load_healthcheck()
    assert checker.BEAT_SCHEDULE == schedule
    written = tmp_path / "celerybeat-schedule.db"
    written.write_bytes(b"")
    mtime = written.stat().st_mtime
    assert checker.check_beat(str(tmp_path / "celerybeat-schedule"), now=mtime + 60) == 0
    assert checker.check_beat(str(tmp_path / "celerybeat-schedule"), now=mtime + 3600) == 1
    assert checker.check_beat(str(tmp_path / "missing" / "celerybeat-schedule")) == 1


def load_healthcheck():
    spec = importlib.util.spec_from_file_location("docker_healthcheck", HEALTHCHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("imt.example.org,localhost", "imt.example.org"),
        (" .example.org , localhost", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
        (",,localhost", "localhost"),
    ],
)
def test_health_check_sends_a_host_that_allowed_hosts_accepts(allowed_hosts, host):
    from django.http.request import validate_host

    picked = load_healthcheck().pick_host(allowed_hosts)
    assert picked == host
    allowed = [item.strip() for item in allowed_hosts.split(",") if item.strip()] or ["localhost"]
    assert validate_host(picked, allowed)


# --- uploaded files ------------------------------------------------------------------


def test_media_is_a_named_volume_shared_by_web_and_worker(compose, services):
    media_root = services["web"]["environment"]["MEDIA_ROOT"]
    mounts = {}
    for name in ("web", "worker"):
        sources = [v.split(":")[0] for v in services[name]["volumes"] if v.split(":")[1] == media_root]
        assert len(sources) == 1, f"{name} does not mount MEDIA_ROOT {media_root}"
        mounts[name] = sources[0]
    assert mounts["web"] == mounts["worker"]
    assert mounts["web"] in compose["volumes"], "MEDIA_ROOT must be a named volume, not a bind mount"
    assert not media_root.startswith("/app/static"), "uploads must not land among the public static files"


# --- environment variable names --------------------------------------------------------


def test_settings_name_extraction_finds_the_known_variables():
    names = settings_env_names()
    assert {"DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"} <= names


def test_every_variable_in_compose_is_read_by_settings(compose, services):
    known = settings_env_names()
    app_names = set()
    for name in APP_SERVICES:
        app_names |= set(services[name].get("environment", {}))
    used = app_names | interpolated_names(COMPOSE.read_text())
    assert used - known == set(), "names in docker-compose.yml that imt/settings.py never reads"


def test_every_variable_in_env_example_is_read_by_settings():
    active, commented = parse_env_file(ENV_EXAMPLE)
    assert active, ".env.example has no variables"
    assert (set(active) | commented) - settings_env_names() == set()


def test_env_example_documents_what_compose_needs():
    active, commented = parse_env_file(ENV_EXAMPLE)
    assert active["DJANGO_ENV"] == "production"
    assert active["SECRET_KEY"] == "change-me"
    assert active["ALLOWED_HOSTS"]
    assert active["DATABASE_URL"] == "postgresql://imt_app:imt_app@db:5432/imt"
    assert active["DATABASE_MIGRATE_URL"] == "postgresql://imt_owner:imt_owner@db:5432/imt"
    assert active["REDIS_URL"] == "redis://redis:6379/0"
    assert active["SECURE_SSL_REDIRECT"] == "false"
    for name in ("CSRF_TRUSTED_ORIGINS", "SITE_URL"):
        assert name in active
    for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS"):
        assert name in active or name in commented
    assert "DJANGO_DEBUG" not in active, "production refuses DJANGO_DEBUG"


# --- the image -----------------------------------------------------------------------------


def test_dockerfile_base_image():
    froms = [args for keyword, args in dockerfile_instructions() if keyword == "FROM"]
    assert froms[0].split()[0] == "python:3.11-slim-bookworm"


def test_dockerfile_installs_the_weasyprint_libraries():
    apt = " ".join(
        args for keyword, args in dockerfile_instructions() if keyword == "RUN" and "apt-get install" in args
    )
    for package in WEASYPRINT_PACKAGES:
        assert re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", apt), package


def test_dockerfile_installs_exactly_the_locked_packages():
    instructions = dockerfile_instructions()
    runs = " ".join(args for keyword, args in instructions if keyword == "RUN")
    assert re.search(r"pip install --require-hashes --no-deps -r requirements/base\.txt", runs)
    assert "setuptools" not in runs and "--no-build-isolation" not in runs
    copies = [args for keyword, args in instructions if keyword == "COPY"]
    assert copies[0] == "requirements/base.txt requirements/base.txt", "the lock is copied before the code"


def test_dockerfile_collects_static_files_in_production_mode():
    collect = [args for keyword, args in dockerfile_instructions() if keyword == "RUN" and "collectstatic" in args]
    assert collect
    assert all(word in collect[0] for word in ("DJANGO_ENV=production", "SECRET_KEY=", "ALLOWED_HOSTS=localhost"))


def test_dockerfile_does_not_run_as_root():
    instructions = dockerfile_instructions()
    users = [(index, args) for index, (keyword, args) in enumerate(instructions) if keyword == "USER"]
    assert users, "no USER instruction: the container would run as root"
    last_index, last_user = users[-1]
    assert last_user.split(":")[0] not in ("root", "0")
    cmd_index = max(index for index, (keyword, _) in enumerate(instructions) if keyword in ("CMD", "ENTRYPOINT"))
    assert last_index < cmd_index


def test_dockerfile_default_command_is_gunicorn():
    cmd = [args for keyword, args in dockerfile_instructions() if keyword == "CMD"][-1]
    command = json.loads(cmd)
    assert command[0] == "gunicorn" and "imt.wsgi:application" in command
    assert command[command.index("--bind") + 1] == "0.0.0.0:8000"
    assert command[command.index("--workers") + 1] == "3"


def test_entrypoint_migrates_before_gunicorn_and_execs_the_command():
    entrypoint = [args for keyword, args in dockerfile_instructions() if keyword == "ENTRYPOINT"][-1]
    assert json.loads(entrypoint) == ["/app/scripts/docker-entrypoint.sh"]
    script = ENTRYPOINT.read_text()
    assert script.startswith("#!/bin/sh")
    assert os.access(ENTRYPOINT, os.X_OK)
    assert "python manage.py migrate --noinput" in script
    assert script.index("migrate") < script.index('exec "$@"')


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", ".venv", ".git", "media"} <= ignored
