"""A standards version with a short wage schedule, so that a few approved days cross a step."""

import pytest
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment
from programs.models import StandardsVersion
from tests.apprentices.conftest import Factory, days_ago

# 60% from the start; 70% after 16 approved hours; 80% after 3 months; a $25 step after 5 competencies.
SCHEDULE = [
    {"basis": "hours", "threshold": 0, "kind": "percent", "amount": "60"},
    {"basis": "hours", "threshold": 16, "kind": "percent", "amount": "70"},
    {"basis": "months", "threshold": 3, "kind": "percent", "amount": "80"},
    {"basis": "competencies", "threshold": 5, "kind": "hourly", "amount": "25.00"},
]


def short_schedule_version(make):
    """A new published version of the keystone program (journeyworker wage $26.50) with SCHEDULE."""
    with scopes_disabled():
        latest = make.program.standards_versions.order_by("-number").first()
        version = StandardsVersion.objects.get(pk=latest.pk)
        version.pk = None
        version._state.adding = True
        version.number = latest.number + 1
        version.wage_schedule = SCHEDULE
        version.save()
        return version


class WageFactory(Factory):
    def __init__(self, world):
        super().__init__(world)
        self.standards = short_schedule_version(self)

    def enrollment(self, *args, **kwargs):
        enrollment = super().enrollment(*args, **kwargs)
        with scope(sponsor=self.sponsor):
            Enrollment.objects.filter(pk=enrollment.pk).update(standards_version=self.standards)
            enrollment.refresh_from_db()
        return enrollment


@pytest.fixture
def make(world):
    return WageFactory(world)


__all__ = ["days_ago"]
