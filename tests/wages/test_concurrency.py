"""Two mentors approving at the same moment both cross a wage step: one raise is due (PostgreSQL: real
concurrent transactions; the detection of each runs after its own commit)."""

import threading

import pytest
from django.db import connection
from django_scopes import scope

from apprentices import services
from tests.apprentices.conftest import on_postgresql
from tests.apprentices.test_concurrency import run_together
from wages.models import RaiseDue

from .conftest import days_ago

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True), pytest.mark.services]


def test_two_approvals_at_once_make_one_raise_due(make):
    enrollment = make.enrollment(start=days_ago(40))
    second = make.mentor_member()
    with scope(sponsor=make.sponsor):
        services.mentor_assign(enrollment=enrollment, mentor=second, by=make.employer_admin.user)
    # 8 hours approved already; each of the two approvals brings the total past the 16-hour step.
    make.entry(enrollment, hours="8", date=days_ago(9), status="approved")
    first_entry = make.entry(enrollment, hours="8", date=days_ago(5))
    second_entry = make.entry(enrollment, hours="8", date=days_ago(4))
    calls = iter([(make.mentor, first_entry), (second, second_entry)])
    lock = threading.Lock()

    def approve():
        with lock:
            mentor, entry = next(calls)
        return services.hours_approve(mentor=mentor, entries=[entry.pk])

    outcomes = run_together(make, approve)
    assert [len(o) for o in outcomes] == [1, 1], outcomes
    assert connection.vendor == "postgresql"
    with scope(sponsor=make.sponsor):
        assert list(RaiseDue.objects.filter(enrollment=enrollment).values_list("step", flat=True)) == [1]
