"""Fixtures shared by the whole suite: two sponsors with one member of each role.

In CI (IMT_NO_SKIPS=1) a skipped test is reported as a failure: a test that
needs PostgreSQL, Redis, a Celery worker or Chromium must run there.
"""

import os

import pytest
from celery._state import _set_task_join_will_block
from django.core.cache import cache
from django_scopes import scopes_disabled

from imt.celery import app as celery_app
from imt.permissions import Role

NO_SKIPS = os.environ.get("IMT_NO_SKIPS", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if NO_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"Skipped tests are failures here (IMT_NO_SKIPS is set): {reason}"


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """For the whole run: uploads (the seeded demo logos included) go to a temporary directory, and
    passwords use a fast hash (the slow one stays available to check any hash made before)."""
    from django.test import override_settings

    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ],
    ):
        yield


@pytest.fixture(autouse=True)
def _isolated():
    # Tasks run in-process unless a test starts a real worker (tests/imt/test_celery_worker.py).
    celery_app.conf.task_always_eager = True
    cache.clear()  # allauth's rate limits live in the cache
    yield
    cache.clear()
    # Celery keeps "a join would block" in one process-wide flag that each eager task sets and then puts
    # back; eager tasks run by two threads at once (the concurrency tests) can leave it set, after which
    # every result.get() of a later test raises "Never call result.get() within a task".
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _flushable_past_append_only_triggers(request):
    """A test that commits ends with a flush of the database, which the guards of imt/protected.py refuse
    (row DELETEs on SQLite, TRUNCATE on PostgreSQL).  Just before that flush, switch to the owner role
    and drop them; the post_migrate signal the flush sends puts them back."""
    request.getfixturevalue("_as_the_application_role")  # before the test's database set-up
    marker = request.node.get_closest_marker("django_db")
    committing = "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction"))
    if not committing:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up first, so that it is torn down (flushed) after us
    yield
    from django.db import connection

    from imt import db_roles, protected

    db_roles.use_owner()
    protected.uninstall(connection)


class World:
    """Two sponsors, `keystone` (A) and `lakeshore` (B), each with one named member per role (for instance
    mentor@keystone.example).  Reads the small world of tests/factories.py, or the demo (demo_world), which
    has the same sponsors and addresses."""

    def __init__(self):
        from programs.models import Membership, Sponsor
        from tests.factories import email_of

        self.a = Sponsor.objects.get(slug="keystone")
        self.b = Sponsor.objects.get(slug="lakeshore")
        emails = {email_of(slug, role): (slug, role) for slug in ("keystone", "lakeshore") for role in Role}
        self.members = {
            emails[m.user.email]: m
            for m in Membership.objects.select_related("user", "sponsor", "employer").filter(
                user__email__in=emails, sponsor__slug__in=("keystone", "lakeshore"))
            if m.sponsor.slug == emails[m.user.email][0]
        }

    def member(self, sponsor, role):
        slug = sponsor if isinstance(sponsor, str) else sponsor.slug
        return self.members[(slug, Role(role))]

    def user(self, sponsor, role):
        return self.member(sponsor, role).user

    def roles(self):
        return list(Role)


class QuietCommand:
    """Stands in for the seed_demo command: the demo seeders write their progress to its stdout."""

    class stdout:
        @staticmethod
        def write(*args, **kwargs):
            pass


def seed_demo_data(*only, **options):
    """The demo data of every app (or of the apps named), as `manage.py seed_demo` makes it, less the
    completion packets (slow to build; tests/completion builds its own).  Idempotent."""
    from imt.seeding import demo_modules

    with scopes_disabled():
        for module in demo_modules(set(only) or None):
            module.seed(QuietCommand, {"apprentices": 0, "quick": True, **options})


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """With DATABASE_MIGRATE_URL (CI), the owner role creates and migrates the test database, as in
    production; the tests themselves then run as the application's role (imt/db_roles.py)."""
    from imt import db_roles

    db_roles.use_owner()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the small shared world (tests/factories.py) once into the test database; each test's transaction
    rolls back its own changes."""
    from imt import db_roles
    from tests.factories import build_world

    db_roles.use_app()
    with django_db_blocker.unblock():
        build_world()
    yield
    db_roles.use_owner()  # the owner drops the test database


def empty_database():
    """Delete every row (the guards of imt/protected.py are dropped for the flush and put back after it)."""
    from django.core.management import call_command
    from django.db import connection

    from imt import db_roles, protected

    db_roles.use_owner()
    protected.uninstall(connection)
    call_command("flush", interactive=False, verbosity=0)  # its post_migrate signal puts the guards back
    db_roles.use_app()


def _holds_the_demo():
    from programs.models import Sponsor

    with scopes_disabled():
        return Sponsor.objects.filter(slug="keystone", employers__memberships__user__email="dana.kowal@keystone.example"
                                      ).exists()


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    """The whole demo, in place of the small world, for the tests of the demo itself (they run last)."""
    with django_db_blocker.unblock():
        if not _holds_the_demo():
            empty_database()
            seed_demo_data()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The demo's own tests replace the small world by the demo: they run after every other test."""
    items.sort(key=lambda item: "demo_world" in getattr(item, "fixturenames", ()))


@pytest.fixture(autouse=True)
def _as_the_application_role():
    """Each test runs as the application's role (a flush after the previous test ran as the owner)."""
    from imt import db_roles

    db_roles.use_app()


@pytest.fixture
def world(db):
    """The small shared world of tests/factories.py: sponsors, employers, one person per role (password
    "demo-pass-2026"), programs, Job Books, a section, a credential, an enrollment.

    Tests that commit (transactional ones) flush the database afterwards; the next test builds it again.
    """
    from programs.models import Sponsor
    from tests.factories import build_world

    if not Sponsor.objects.filter(slug="keystone").exists():
        build_world()
    with scopes_disabled():
        return World()


@pytest.fixture
def demo_world(_demo_database, db):
    """The demo data of every app, as `manage.py seed_demo` makes it (less the completion packets), read as a
    World.  Only for the tests of the demo itself."""
    if not _holds_the_demo():  # a test flushed the database since
        from programs.models import Sponsor

        assert not Sponsor.objects.exists(), "the demo's tests run after the others (pytest_collection_modifyitems)"
        seed_demo_data()
    with scopes_disabled():
        return World()


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client signed in as `user`."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make
