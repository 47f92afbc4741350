"""Two enrollments at once for the last place the ratio leaves (PostgreSQL: real row locks across connections)."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from apprentices.models import Enrollment
from tests.apprentices.conftest import on_postgresql
from tests.apprentices.test_concurrency import run_together
from tests.compliance.test_ratio import enroll

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True), pytest.mark.services]


def test_two_enrollments_for_the_last_place_make_one(make, standards):
    apprentices = [make.apprentice(), make.apprentice()]
    mentor = make.mentor_member()  # room for the mentor check: the employer's place is the one contested
    standards("refuse")
    # Penn: 1 apprentice; 2 journeyworkers (Frank Miller and the new mentor) allow 2 under 1:1: one place left.
    outcomes = run_together(make, lambda: enroll(make, mentors=[mentor], apprentice=apprentices.pop()))
    assert sum(isinstance(o, Enrollment) for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    with scope(sponsor=make.sponsor):
        assert Enrollment.objects.filter(employer=make.penn, status__in=Enrollment.OPEN_STATUSES).count() == 2
