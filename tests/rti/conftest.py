import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from imt.models import User
from imt.permissions import Role
from programs.models import Membership
from rti.models import Course, Provider, Section


@pytest.fixture
def keystone(world):
    return world.a


@pytest.fixture
def make_apprentices(world):
    """make_apprentices(n) → n new active apprentices of keystone at Penn Precision Plastics."""

    def make(n, prefix="learner"):
        employer = world.member("keystone", Role.APPRENTICE).employer
        with scopes_disabled():
            return [
                Membership.objects.create(
                    user=User.objects.create_user(
                        f"{prefix}{i}@example.com", "x", full_name=f"{prefix.title()} {i:03d}"
                    ),
                    sponsor=world.a, role=Role.APPRENTICE, employer=employer,
                )
                for i in range(n)
            ]

    return make


@pytest.fixture
def new_section(world):
    """new_section(course_name, capacity) → a fresh keystone section taught by the world's instructor, starting
    next week (so the newest in any list, whatever the day the tests run)."""

    def make(course_name="Industrial Math", capacity=16, instructor=None):
        starts = timezone.localdate() + datetime.timedelta(days=7)
        with scopes_disabled():
            return Section.objects.create(
                sponsor=world.a, course=Course.objects.get(sponsor=world.a, name=course_name),
                provider=Provider.objects.filter(sponsor=world.a).first(), mode=Section.Mode.IN_PERSON,
                starts_on=starts, ends_on=starts + datetime.timedelta(weeks=8), capacity=capacity,
                instructor=instructor or world.member("keystone", Role.INSTRUCTOR),
            )

    return make
