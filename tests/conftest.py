"""Fixtures shared by the whole suite: two sponsors with one member of each role.

In CI (IMT_NO_SKIPS=1) a skipped test is reported as a failure: a test that
needs PostgreSQL, Redis, a Celery worker or Chromium must run there.
"""

import os

import pytest
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


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tasks run in-process unless a test starts a real worker (tests/imt/test_celery_worker.py).
    celery_app.conf.task_always_eager = True
    cache.clear()  # allauth's rate limits live in the cache
    yield
    cache.clear()


class World:
    """Two sponsors as the demo has them: `keystone` (A) and `lakeshore` (B)."""

    def __init__(self):
        from programs.models import Membership, Sponsor

        self.a = Sponsor.objects.get(slug="keystone")
        self.b = Sponsor.objects.get(slug="lakeshore")
        self.members = {
            (m.sponsor.slug, m.role): m
            for m in Membership.objects.select_related("user", "sponsor", "employer").exclude(
                user__email="multi@demo.example"
            )
        }

    def member(self, sponsor, role):
        slug = sponsor if isinstance(sponsor, str) else sponsor.slug
        return self.members[(slug, Role(role))]

    def user(self, sponsor, role):
        return self.member(sponsor, role).user

    def roles(self):
        return list(Role)


def demo_modules():
    """Every project app's demo module, in INSTALLED_APPS order, as the seed_demo command runs them."""
    import importlib

    from django.apps import apps
    from django.conf import settings

    for app_config in apps.get_app_configs():
        if not app_config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            yield importlib.import_module(f"{app_config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.demo":
                raise


@pytest.fixture
def world(db):
    """The demo data of every app: sponsors, employers, people (password "demo-pass-2026"), programs, Job Books."""

    class Quiet:
        class stdout:
            @staticmethod
            def write(*args, **kwargs):
                pass

    with scopes_disabled():
        for module in demo_modules():
            module.seed(Quiet, {"apprentices": 0})
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
