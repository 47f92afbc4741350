"""Two people clicking at once (PostgreSQL: real row locks across connections)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from apprentices import services
from apprentices.models import OJTEntry, Signature, SkillSignOff

from .conftest import days_ago, on_postgresql

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True), pytest.mark.services]


def run_together(make, function, count=2):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker():
        try:
            with scope(sponsor=make.sponsor):
                barrier.wait()
                outcomes.append(function())
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_mentors_approving_one_entry_at_once_make_one_approval(make):
    enrollment = make.enrollment()
    second = make.mentor_member()
    with scope(sponsor=make.sponsor):
        services.mentor_assign(enrollment=enrollment, mentor=second, by=make.employer_admin.user)
    entry = make.entry(enrollment)
    mentors = iter([make.mentor, second])
    lock = threading.Lock()

    def approve():
        with lock:
            mentor = next(mentors)
        return services.hours_approve(mentor=mentor, entries=[entry.pk])

    started = timezone.now()
    outcomes = run_together(make, approve)
    assert sorted(len(o) for o in outcomes) == [0, 1]
    with scope(sponsor=make.sponsor):
        assert OJTEntry.objects.get(pk=entry.pk).status == OJTEntry.Status.APPROVED
        # (bounded above too: the demo data dates some of its signatures later today)
        signed = Signature.objects.filter(meaning=services.APPROVAL_MEANING, signer__in=[make.mentor.user, second.user],
                                          signed_at__gte=started, signed_at__lte=timezone.now())
        assert signed.count() == 1


def test_two_sign_offs_of_one_skill_at_once_make_one(make):
    enrollment = make.enrollment(start=days_ago(100))
    skill = make.skills(make.competency())[0]

    def sign():
        return services.skill_sign_off(enrollment=enrollment, skill=skill, mentor=make.mentor, level=3,
                                       observed_on=days_ago(1), password_confirmed_at=timezone.now())

    outcomes = run_together(make, sign)
    assert sum(isinstance(o, SkillSignOff) for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    with scope(sponsor=make.sponsor):
        assert SkillSignOff.objects.filter(enrollment=enrollment).count() == 1


def test_logging_and_approving_at_once_leave_the_roster_keys_right(make):
    """The apprentice logs a day while their mentor approves an earlier one: each transaction locks the
    enrollment first, so whichever commits last writes keys that include the other's change."""
    from .test_roster_keys import keys

    enrollment = make.enrollment(start=days_ago(100))
    earlier = make.entry(enrollment, hours="6", date=days_ago(9))
    calls = iter([
        lambda: services.hours_approve(mentor=make.mentor, entries=[earlier.pk]),
        lambda: services.hours_log(enrollment=enrollment, by=enrollment.apprentice.user, date=days_ago(1),
                                   competency=make.competency(), hours="8"),
    ])
    lock = threading.Lock()

    def act():
        with lock:
            call = next(calls)
        return call()

    outcomes = run_together(make, act)
    assert not any(isinstance(o, Exception) for o in outcomes)
    with scope(sponsor=make.sponsor):
        assert keys(enrollment) == (6, days_ago(1))
