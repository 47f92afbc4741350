"""The apprentice's reminders: no hours lately, an entry rejected, a requested sign-off signed, a
credential expiring."""

import datetime

from django_scopes import scope, scopes_disabled

from apprentices import services
from apprentices.models import Enrollment
from credentials.models import Credential, CredentialType
from programs.models import Membership
from reminders.detectors.apprentice import (
    detect_credentials_expiring,
    detect_entries_rejected,
    detect_no_hours,
    detect_requests_signed_off,
)
from tests.reminders.conftest import days_ago, later, run, today, told

# --- No hours lately ------------------------------------------------------------------------------


def test_an_apprentice_without_hours_for_a_week_is_reminded_once_for_that_gap(make, clock):
    enrollment = make.enrollment(start=days_ago(60))
    make.entry(enrollment, date=days_ago(8))

    run(detect_no_hours, make.sponsor)
    run(detect_no_hours, make.sponsor)
    later(clock, 3)
    run(detect_no_hours, make.sponsor)  # the same gap, longer: not told again

    (notice,) = told(enrollment.apprentice, "no_hours")
    assert notice.key == f"no-hours:{enrollment.pk}:{days_ago(11).isoformat()}"
    assert "for 8 days" in notice.title
    assert notice.url == "/keystone/hours/log/"


def test_logging_hours_ends_the_gap_and_a_later_gap_is_told_again(make, clock):
    enrollment = make.enrollment(start=days_ago(60))
    make.entry(enrollment, date=days_ago(9))
    run(detect_no_hours, make.sponsor)
    make.entry(enrollment, date=today())

    run(detect_no_hours, make.sponsor)
    assert len(told(enrollment.apprentice, "no_hours")) == 1
    later(clock, 8)
    run(detect_no_hours, make.sponsor)
    assert len(told(enrollment.apprentice, "no_hours")) == 2


def test_a_new_apprentice_who_never_logged_is_reminded_from_the_start_date(make):
    enrollment = make.enrollment(start=days_ago(7))
    fresh = make.enrollment(start=days_ago(6))
    run(detect_no_hours, make.sponsor)
    (notice,) = told(enrollment.apprentice, "no_hours")
    assert notice.title == "No hours logged yet"
    assert told(fresh.apprentice) == []


def test_the_sponsors_number_of_days_decides(make):
    with scopes_disabled():
        make.sponsor.reminder_no_hours_days = 14
        make.sponsor.save(update_fields=["reminder_no_hours_days"])
    enrollment = make.enrollment(start=days_ago(60))
    make.entry(enrollment, date=days_ago(10))
    run(detect_no_hours, make.sponsor)
    assert told(enrollment.apprentice) == []


def test_nobody_is_reminded_to_log_for_a_closed_enrollment_or_an_inactive_member(make):
    cancelled = make.enrollment(start=days_ago(60), status=Enrollment.Status.CANCELLED)
    suspended = make.enrollment(start=days_ago(60), status=Enrollment.Status.SUSPENDED)
    left = make.enrollment(start=days_ago(60))
    with scopes_disabled():
        Membership.objects.filter(pk=left.apprentice_id).update(is_active=False)
    run(detect_no_hours, make.sponsor)
    for enrollment in (cancelled, suspended, left):
        assert told(enrollment.apprentice) == []


# --- An entry rejected ----------------------------------------------------------------------------


def test_a_rejected_entry_is_told_once_with_its_reason(make, clock):
    enrollment = make.enrollment()
    entry = make.entry(enrollment, date=days_ago(2))
    kept = make.entry(enrollment, date=days_ago(1))
    with scope(sponsor=make.sponsor):
        services.hours_reject(mentor=make.mentor, entries=[entry], reason="That was the Line 3 changeover.")
        services.hours_approve(mentor=make.mentor, entries=[kept])
    later(clock, 1)
    assert run(detect_entries_rejected, make.sponsor) >= 1
    run(detect_entries_rejected, make.sponsor)

    (notice,) = told(enrollment.apprentice, "entry_rejected")
    assert notice.key == f"rejected:{entry.pk}"
    assert "That was the Line 3 changeover." in notice.body
    assert notice.url == "/keystone/hours/?status=rejected"


def test_a_rejection_older_than_a_week_is_not_told_on_a_first_run(make, clock):
    enrollment = make.enrollment()
    entry = make.entry(enrollment, date=days_ago(2))
    with scope(sponsor=make.sponsor):
        services.hours_reject(mentor=make.mentor, entries=[entry], reason="Wrong day.")
    later(clock, 8)
    run(detect_entries_rejected, make.sponsor)
    assert told(enrollment.apprentice) == []


# --- A sign-off the apprentice asked for ------------------------------------------------------------


def _request(make, enrollment, index=0):
    skill = make.skills(make.competency())[index]
    with scope(sponsor=make.sponsor):
        return services.sign_off_request(enrollment=enrollment, by=enrollment.apprentice.user, skill=skill), skill


def test_the_apprentice_hears_when_the_mentor_signs_off_what_they_asked_for(make):
    from django.utils import timezone

    enrollment = make.enrollment()
    request, skill = _request(make, enrollment)
    _waiting, _ = _request(make, enrollment, index=1)
    with scope(sponsor=make.sponsor):
        services.skill_sign_off(enrollment=enrollment, skill=skill, mentor=make.mentor, level=3,
                                observed_on=today(), password_confirmed_at=timezone.now())
    run(detect_requests_signed_off, make.sponsor)
    run(detect_requests_signed_off, make.sponsor)

    (notice,) = told(enrollment.apprentice)  # the request still waiting tells nothing
    assert notice.kind == "request_signed_off" and notice.key == f"request-signed:{request.pk}"
    assert skill.name in notice.title
    assert notice.url == f"/keystone/apprentices/{enrollment.pk}/"


# --- A credential expiring ------------------------------------------------------------------------


def _credential(make, apprentice, expires_on, name="First Aid/CPR"):
    with scope(sponsor=make.sponsor):
        return Credential.objects.create(
            sponsor=make.sponsor, apprentice=apprentice, earned_on=days_ago(700), expires_on=expires_on,
            credential_type=CredentialType.objects.get(sponsor=make.sponsor, name=name),
            recorded_by=apprentice.user,
        )


def test_a_credential_is_told_30_days_and_7_days_before_it_expires(make, clock):
    apprentice = make.apprentice()
    credential = _credential(make, apprentice, today() + datetime.timedelta(days=30))
    _credential(make, apprentice, today() + datetime.timedelta(days=31), name="OSHA 10-Hour General Industry")

    run(detect_credentials_expiring, make.sponsor)
    later(clock, 10)
    run(detect_credentials_expiring, make.sponsor)  # 20 days left: the 30-day notice was given
    later(clock, 13)
    run(detect_credentials_expiring, make.sponsor)  # 7 days left
    run(detect_credentials_expiring, make.sponsor)

    notices = told(apprentice, "credential_expiring")
    assert [n.key for n in notices] == [f"credential-30:{credential.pk}", f"credential-30:{credential.pk + 1}",
                                        f"credential-7:{credential.pk}"]
    assert notices[2].title == "First Aid/CPR expires in 7 days"
    assert notices[0].url == "/keystone/credentials/"


def test_a_renewed_or_expired_credential_is_not_told(make, clock):
    apprentice = make.apprentice()
    _credential(make, apprentice, today() + datetime.timedelta(days=20))
    _credential(make, apprentice, today() + datetime.timedelta(days=20 + 730))  # the renewal
    expired = make.apprentice()
    _credential(make, expired, days_ago(1))
    run(detect_credentials_expiring, make.sponsor)
    assert told(apprentice) == [] and told(expired) == []
