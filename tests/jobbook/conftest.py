import pytest
from django_scopes import scopes_disabled

from imt.permissions import Role
from jobbook.models import JobBook


@pytest.fixture
def penn_book(world):
    """Penn Precision Plastics' Job Book: v1 published and customized, v2 a draft."""
    with scopes_disabled():
        return JobBook.objects.select_related("employer", "program").get(employer__name="Penn Precision Plastics")


@pytest.fixture
def allegheny_book(world):
    with scopes_disabled():
        return JobBook.objects.select_related("employer", "program").get(employer__name="Allegheny Metal Works")


@pytest.fixture
def keystone_admin(world):
    return world.user("keystone", Role.SPONSOR_ADMIN)


@pytest.fixture
def editor(world):
    """keystone's sponsor admin as the member the Job Book services act for."""
    return world.member("keystone", Role.SPONSOR_ADMIN)
