"""Tokens and clients of the integrations API on top of the shared `world` (tests/factories.py)."""

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment
from imt.permissions import Role
from programs.models import Employer


class Tokens:
    def __init__(self, world):
        self.world = world

    def make(self, sponsor="keystone", scope_="write", employer=None, name="Payroll sync"):
        """(token, secret) made by the sponsor admin through the service."""
        from api.services import api_token_create

        admin = self.world.member(sponsor, Role.SPONSOR_ADMIN)
        with scope(sponsor=admin.sponsor):
            return api_token_create(by=admin, name=name, scope=scope_, employer=employer)

    def client(self, secret):
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def client_for(self, **kwargs):
        return self.client(self.make(**kwargs)[1])


@pytest.fixture
def tokens(world):
    return Tokens(world)


@pytest.fixture
def enrollment(world):
    """apprentice@keystone.example at Penn Precision Plastics, mentored by mentor@keystone.example, with an
    approved day, a pending one and a sign-off (tests/factories.enrollment_with_history)."""
    with scopes_disabled():
        return Enrollment.objects.select_related("job_book_version").get(
            apprentice=world.member("keystone", Role.APPRENTICE))


@pytest.fixture
def allegheny(world):
    with scopes_disabled():
        return Employer.objects.get(sponsor=world.a, name="Allegheny Metal Works")
