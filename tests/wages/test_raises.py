"""Raises due: detected once per step, by approved hours, months or competencies; confirmed (signed,
with the rate) or declined with a reason; the history the transcript reads."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope

from apprentices import services as apprentices_services
from apprentices.models import OJTEntry
from imt.permissions import Role
from wages import selectors, services
from wages.models import RaiseDue, WageDecision
from wages.schedule import add_months, months_between

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def approve(make, enrollment, hours="8", days=3):
    entry = make.entry(enrollment, hours=hours, date=days_ago(days))
    with scope(sponsor=make.sponsor):
        return apprentices_services.hours_approve(mentor=make.mentor, entries=[entry.pk])


def raises(enrollment):
    with scope(sponsor=enrollment.sponsor):
        return list(RaiseDue.objects.filter(enrollment=enrollment).order_by("step"))


def test_crossing_a_step_by_approved_hours_makes_one_raise_due(make, django_capture_on_commit_callbacks):
    enrollment = make.enrollment(start=days_ago(40))
    with django_capture_on_commit_callbacks(execute=True):
        approve(make, enrollment, "8", days=5)
    assert raises(enrollment) == []  # 8 of 16 hours
    with django_capture_on_commit_callbacks(execute=True):
        approve(make, enrollment, "8", days=4)
    [due] = raises(enrollment)
    assert (due.step, due.basis, due.reached_on) == (1, "hours", timezone.localdate())
    # Another approval and the detection run again change nothing.
    with django_capture_on_commit_callbacks(execute=True):
        approve(make, enrollment, "8", days=3)
    with scope(sponsor=make.sponsor):
        assert services.raises_detect(enrollment) == []
        assert services.raises_detect_all() == 0
    assert len(raises(enrollment)) == 1


def test_approving_the_same_entry_twice_makes_no_second_raise(make, django_capture_on_commit_callbacks):
    enrollment = make.enrollment(start=days_ago(40))
    make.entry(enrollment, hours="10", date=days_ago(6), status=OJTEntry.Status.APPROVED)
    entry = make.entry(enrollment, hours="8", date=days_ago(5))
    with scope(sponsor=make.sponsor), django_capture_on_commit_callbacks(execute=True):
        assert len(apprentices_services.hours_approve(mentor=make.mentor, entries=[entry.pk])) == 1
        assert apprentices_services.hours_approve(mentor=make.mentor, entries=[entry.pk]) == []
    assert [r.step for r in raises(enrollment)] == [1]


def test_months_in_the_program_reach_a_step_on_the_daily_pass(make):
    start = days_ago(100)
    enrollment = make.enrollment(start=start)
    with scope(sponsor=make.sponsor):
        assert services.raises_detect_all() == 1
    [due] = raises(enrollment)
    assert (due.step, due.basis, due.reached_on) == (2, "months", add_months(start, 3))


def test_competencies_mastered_reach_a_step(make, monkeypatch):
    enrollment = make.enrollment(start=days_ago(20))
    monkeypatch.setattr("wages.selectors.enrollment_progress",
                        lambda e: type("P", (), {"competencies_mastered": 5})())
    with scope(sponsor=make.sponsor):
        assert [r.step for r in services.raises_detect(enrollment)] == [3]


def test_a_closed_enrollment_gets_no_raise(make):
    enrollment = make.enrollment(start=days_ago(200), status="cancelled")
    with scope(sponsor=make.sponsor):
        assert services.raises_detect(enrollment) == []


def test_confirmation_records_the_rate_the_percentage_and_a_signature(make):
    enrollment = make.enrollment(start=days_ago(40))
    make.entry(enrollment, hours="16", date=days_ago(6), status=OJTEntry.Status.APPROVED)
    with scope(sponsor=make.sponsor):
        [due] = services.raises_detect(enrollment)
        due = RaiseDue.objects.get(enrollment=enrollment, step=due.step)
        enrollment.refresh_from_db()
        before = selectors.wage_status(enrollment)
        assert (before.current.number, before.rate) == (1, Decimal("15.90"))
        assert before.next_progress == "16 / 16 h approved" and before.next_reached
        decision = services.raise_confirm(raise_due=due, by=make.employer_admin, effective_date=days_ago(1),
                                          confirmed_at=timezone.now())
        assert (decision.hourly_rate, decision.percent) == (Decimal("18.55"), Decimal("70"))
        assert decision.signature.signer == make.employer_admin.user
        assert decision.signature.content["hourly_rate"] == "18.55"
        after = selectors.wage_status(enrollment)
        assert (after.current.number, after.rate, after.pending) == (2, Decimal("18.55"), [])
        assert after.next_step.number == 3 and after.next_progress == "month 1 of 3"
        [entry] = selectors.wage_history(enrollment)
        assert (entry.effective_date, entry.step, entry.hourly_rate) == (days_ago(1), 2, Decimal("18.55"))
        assert entry.confirmed_by == make.employer_admin.user.full_name
        with pytest.raises(ValidationError):
            services.raise_decline(raise_due=due, by=make.employer_admin, reason="twice")


def test_confirmation_needs_the_password_and_a_date_after_the_start(make):
    enrollment = make.enrollment(start=days_ago(40))
    make.entry(enrollment, hours="16", date=days_ago(6), status=OJTEntry.Status.APPROVED)
    with scope(sponsor=make.sponsor):
        services.raises_detect(enrollment)
        due = RaiseDue.objects.get(enrollment=enrollment)
        with pytest.raises(ValidationError):
            services.raise_confirm(raise_due=due, by=make.employer_admin, effective_date=days_ago(1),
                                   confirmed_at=None)
        with pytest.raises(ValidationError):
            services.raise_confirm(raise_due=due, by=make.employer_admin, effective_date=days_ago(41),
                                   confirmed_at=timezone.now())
        assert not WageDecision.objects.exists()


def test_decline_needs_a_reason_and_only_the_employer_admin_decides(make):
    enrollment = make.enrollment(start=days_ago(40))
    make.entry(enrollment, hours="16", date=days_ago(6), status=OJTEntry.Status.APPROVED)
    with scope(sponsor=make.sponsor):
        services.raises_detect(enrollment)
        due = RaiseDue.objects.get(enrollment=enrollment)
        with pytest.raises(ValidationError):
            services.raise_decline(raise_due=due, by=make.employer_admin, reason="  ")
        for other in (make.mentor, make.sponsor_admin, make.member(Role.EMPLOYER_ADMIN, make.allegheny)):
            with pytest.raises(PermissionDenied):
                services.raise_decline(raise_due=due, by=other, reason="No")
        decision = services.raise_decline(raise_due=due, by=make.employer_admin, reason="Attendance issues")
        assert (decision.decision, decision.signature, decision.reason) == ("decline", None, "Attendance issues")
        status = selectors.wage_status(enrollment)
        assert status.current.number == 1 and status.pending == [] and selectors.wage_history(enrollment) == []


def test_a_raise_pending_more_than_30_days_is_overdue(make):
    enrollment = make.enrollment(start=days_ago(200))
    with scope(sponsor=make.sponsor):
        services.raises_detect(enrollment)
        [due] = RaiseDue.objects.filter(enrollment=enrollment)
        assert due.reached_on == add_months(enrollment.start_date, 3)
        assert selectors.is_overdue(due)
        assert not selectors.is_overdue(due, today=due.reached_on + datetime.timedelta(days=30))


def test_months_between_counts_whole_months():
    assert months_between(datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)) == 0
    assert months_between(datetime.date(2026, 1, 15), datetime.date(2026, 4, 15)) == 3
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)


def test_the_daily_detection_is_on_the_beat_schedule_and_runs_as_a_task(make):
    from django.conf import settings

    from wages import tasks

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["wages.tasks.detect_raises_daily"] == 24 * 60 * 60
    enrollment = make.enrollment(start=days_ago(100))
    assert tasks.detect_raises_daily.delay().get() == 1
    assert tasks.detect_raises_daily.delay().get() == 0
    assert [r.step for r in raises(enrollment)] == [2]


def test_credit_granted_for_prior_learning_can_reach_a_step(make, django_capture_on_commit_callbacks):
    from rti.demo import demo_pdf

    enrollment = make.enrollment(start=days_ago(40))
    with scope(sponsor=make.sponsor):
        standing = apprentices_services.advanced_standing_request(
            enrollment=enrollment, by=make.employer_admin.user, basis="course", description="Prior course",
            evidence=demo_pdf("transcript.pdf"), hours={make.competency(): "20"},
        )
        with django_capture_on_commit_callbacks(execute=True):
            apprentices_services.advanced_standing_decide(standing=standing, by=make.sponsor_admin, approve=True)
    assert [(r.step, r.basis) for r in raises(enrollment)] == [(1, "hours")]
