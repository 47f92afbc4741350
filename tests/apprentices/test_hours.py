import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from apprentices import selectors, services
from apprentices.models import Enrollment, OJTEntry

from .conftest import days_ago


@pytest.fixture
def enrollment(enroll):
    return enroll(start=days_ago(100))


def log(enrollment, make, **overrides):
    arguments = dict(enrollment=enrollment, by=enrollment.apprentice.user, date=days_ago(1),
                     competency=make.competency(), hours="8", note="")
    arguments.update(overrides)
    return services.hours_log(**arguments)


def refused(enrollment, make, field, **overrides):
    with pytest.raises(ValidationError) as error:
        log(enrollment, make, **overrides)
    return " ".join(error.value.message_dict[field])


@pytest.mark.parametrize("hours", ["0.25", "7.5", "8", "23.75", "24", Decimal("1.75")])
def test_hours_in_quarter_steps_up_to_24_are_accepted(enrollment, make, hours):
    assert log(enrollment, make, hours=hours).hours == Decimal(str(hours))


@pytest.mark.parametrize(("hours", "message"), [
    ("0", "greater than zero"), ("-2", "greater than zero"), ("7.3", "quarter-hour steps"),
    ("24.25", "at most 24 hours"), ("eight", "Enter a number of hours"), ("", "Enter a number of hours"),
])
def test_bad_hours_are_refused_with_a_message(enrollment, make, hours, message):
    assert message in refused(enrollment, make, "hours", hours=hours)


def test_more_than_24_hours_in_a_day_across_entries_is_refused(enrollment, make):
    log(enrollment, make, hours="16")
    assert "16 hours are already logged" in refused(enrollment, make, "hours", hours="8.25")
    log(enrollment, make, hours="8")  # exactly 24 is fine


def test_rejected_and_withdrawn_hours_do_not_count_toward_the_day(enrollment, make):
    entry = log(enrollment, make, hours="20")
    services.hours_withdraw(entry=entry, by=enrollment.apprentice.user)
    log(enrollment, make, hours="20")


def test_a_future_date_is_refused(enrollment, make):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert "future" in refused(enrollment, make, "date", date=tomorrow)


def test_today_is_accepted(enrollment, make):
    assert log(enrollment, make, date=timezone.localdate()).date == timezone.localdate()


def test_a_date_before_the_start_is_refused(enrollment, make):
    assert "before your start date" in refused(enrollment, make, "date", date=days_ago(101))
    log(enrollment, make, date=days_ago(100))


def test_a_competency_of_another_job_book_is_refused(enrollment, make):
    other = make.competency(version=make.allegheny_version)
    assert "competency of your Job Book" in refused(enrollment, make, "competency", competency=other)


@pytest.mark.parametrize("status", [Enrollment.Status.SUSPENDED, Enrollment.Status.CANCELLED])
def test_hours_cannot_be_logged_while_suspended_or_cancelled(enrollment, make, status):
    services.enrollment_change_status(enrollment=enrollment, to_status=status, effective_date=days_ago(1),
                                      reason="x", by=make.employer_admin.user,
                                      reason_code="01" if status == Enrollment.Status.CANCELLED else "")
    assert f"while the enrollment is {status.label.lower()}" in refused(enrollment, make, NON_FIELD_ERRORS)


def test_every_field_error_is_reported_at_once(enrollment, make):
    with pytest.raises(ValidationError) as error:
        log(enrollment, make, hours="0", date=days_ago(200), competency=None)
    assert set(error.value.message_dict) == {"hours", "date", "competency"}


def test_only_the_apprentice_logs_their_hours(enrollment, make):
    with pytest.raises(ValidationError, match="Only the apprentice"):
        log(enrollment, make, by=make.mentor.user)


def test_a_pending_entry_can_be_edited_and_withdrawn_by_the_apprentice(enrollment, make):
    entry = log(enrollment, make, hours="4")
    services.hours_update(entry=entry, by=enrollment.apprentice.user, date=days_ago(2), competency=entry.competency,
                          hours="6", note="longer")
    entry.refresh_from_db()
    assert (entry.hours, entry.date, entry.note) == (6, days_ago(2), "longer")
    services.hours_withdraw(entry=entry, by=enrollment.apprentice.user)
    assert OJTEntry.objects.get(pk=entry.pk).status == OJTEntry.Status.WITHDRAWN


def test_another_person_cannot_edit_a_pending_entry(enrollment, make):
    entry = log(enrollment, make)
    with pytest.raises(ValidationError, match="Only the apprentice"):
        services.hours_withdraw(entry=entry, by=make.mentor.user)


def test_an_approved_entry_cannot_be_edited_but_can_be_corrected(enrollment, make):
    entry = log(enrollment, make, hours="8")
    services.hours_approve(mentor=make.mentor, entries=[entry])
    with pytest.raises(ValidationError, match="can no longer change"):
        services.hours_update(entry=entry, by=enrollment.apprentice.user, date=entry.date,
                              competency=entry.competency, hours="6")
    correction = services.hours_correct(entry=entry, by=enrollment.apprentice.user, reason="Left at noon",
                                        date=entry.date, competency=entry.competency, hours="4")
    assert (correction.corrects, correction.status) == (entry, OJTEntry.Status.PENDING)
    assert selectors.enrollment_progress(enrollment).approved == 8
    services.hours_approve(mentor=make.mentor, entries=[correction])
    assert selectors.enrollment_progress(enrollment).approved == 4
    assert OJTEntry.objects.get(pk=entry.pk).hours == 8  # the original never changes


def test_a_correction_needs_a_reason(enrollment, make):
    entry = log(enrollment, make)
    services.hours_approve(mentor=make.mentor, entries=[entry])
    with pytest.raises(ValidationError) as error:
        services.hours_correct(entry=entry, by=enrollment.apprentice.user, reason="", date=entry.date,
                               competency=entry.competency, hours="4")
    assert "what was wrong" in " ".join(error.value.message_dict["reason"])


# --- Approval and rejection ------------------------------------------------------------------


def test_a_mentor_approves_many_entries_at_once_with_one_signature(enrollment, make):
    entries = [log(enrollment, make, date=days_ago(d)) for d in (1, 2, 3)]
    approved = services.hours_approve(mentor=make.mentor, entries=[e.pk for e in entries])
    assert len(approved) == 3
    stored = list(OJTEntry.objects.filter(pk__in=[e.pk for e in entries]))
    assert {e.status for e in stored} == {OJTEntry.Status.APPROVED}
    signature = stored[0].signature
    assert {e.signature_id for e in stored} == {signature.pk}
    assert signature.printed_name == make.mentor.user.full_name and signature.verify()
    assert sorted(item["id"] for item in signature.content["entries"]) == sorted(e.pk for e in entries)


def test_approving_twice_approves_once(enrollment, make):
    entry = log(enrollment, make)
    assert len(services.hours_approve(mentor=make.mentor, entries=[entry])) == 1
    assert services.hours_approve(mentor=make.mentor, entries=[entry]) == []


def test_a_mentor_not_assigned_cannot_approve(enrollment, make):
    entry = log(enrollment, make)
    with pytest.raises(ValidationError, match="not a current mentor"):
        services.hours_approve(mentor=make.mentor_member(), entries=[entry])


def test_a_mentor_cannot_approve_their_own_hours(enrollment, make):
    entry = make.entry(enrollment)
    OJTEntry.objects.filter(pk=entry.pk).update(created_by=make.mentor.user)
    with pytest.raises(ValidationError, match="your own hours"):
        services.hours_approve(mentor=make.mentor, entries=[entry])


def test_a_rejection_carries_the_reason_the_apprentice_sees(enrollment, make):
    entry = log(enrollment, make)
    with pytest.raises(ValidationError) as error:
        services.hours_reject(mentor=make.mentor, entries=[entry], reason="")
    assert "why the hours are rejected" in " ".join(error.value.message_dict["reason"])
    services.hours_reject(mentor=make.mentor, entries=[entry], reason="You were on vacation that day")
    entry.refresh_from_db()
    assert (entry.status, entry.decision_reason) == (OJTEntry.Status.REJECTED, "You were on vacation that day")


def test_late_on_new_years_eve_in_the_sponsors_time_zone_the_day_is_still_december_31(enroll, make, time_machine):
    # 23:30 in New York is 04:30 UTC on 1 January: "today" is the sponsor's day, not the server's.
    time_machine.move_to(datetime.datetime(2027, 1, 1, 4, 30, tzinfo=datetime.UTC), tick=False)
    enrollment = enroll(start=datetime.date(2026, 9, 1))
    assert log(enrollment, make, date=datetime.date(2026, 12, 31)).date == datetime.date(2026, 12, 31)
    assert "future" in refused(enrollment, make, "date", date=datetime.date(2027, 1, 1))
