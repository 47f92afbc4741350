"""Notes, reasons, comments and descriptions have a maximum length, in the forms and in the services."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from apprentices import services
from apprentices.models import AdvancedStanding, OJTEntry, StatusChange
from rti.demo import DEMO_PDF

from .conftest import days_ago

pytestmark = pytest.mark.django_db

NOTE_LIMIT, DESCRIPTION_LIMIT = 2000, 5000
FIVE_MB = "x" * (5 * 1024 * 1024)


@pytest.fixture
def enrollment(enroll):
    return enroll(start=days_ago(100))


def refused_on(field, call):
    with pytest.raises(ValidationError) as error:
        call()
    message = " ".join(error.value.message_dict[field])
    assert "characters or fewer" in message, message
    return message


def test_a_five_megabyte_hour_note_is_refused_and_nothing_is_stored(enrollment, make):
    message = refused_on("note", lambda: services.hours_log(
        enrollment=enrollment, by=enrollment.apprentice.user, date=days_ago(1), competency=make.competency(),
        hours="8", note=FIVE_MB))
    assert message == "Keep this to 2,000 characters or fewer; it has 5,242,880."
    assert not OJTEntry.objects.filter(enrollment=enrollment).exists()


def test_a_note_of_exactly_the_limit_is_kept(enrollment, make):
    entry = services.hours_log(enrollment=enrollment, by=enrollment.apprentice.user, date=days_ago(1),
                               competency=make.competency(), hours="8", note="n" * NOTE_LIMIT)
    assert len(entry.note) == NOTE_LIMIT


def test_editing_and_correcting_hours_bound_the_note_and_the_reason(enrollment, make):
    pending = make.entry(enrollment, hours="3", date=days_ago(3))
    approved = make.entry(enrollment, hours="3", date=days_ago(4), status=OJTEntry.Status.APPROVED)
    user, competency = enrollment.apprentice.user, make.competency()
    refused_on("note", lambda: services.hours_update(
        entry=pending, by=user, date=days_ago(3), competency=competency, hours="4", note="n" * (NOTE_LIMIT + 1)))
    refused_on("reason", lambda: services.hours_correct(
        entry=approved, by=user, reason="r" * (NOTE_LIMIT + 1), date=days_ago(4), competency=competency, hours="2"))


def test_a_mentors_reasons_and_comments_are_bounded(enrollment, make):
    entry = make.entry(enrollment, hours="3")
    refused_on("reason", lambda: services.hours_reject(mentor=make.mentor, entries=[entry], reason=FIVE_MB))
    skill = make.skills(make.competency())[0]
    refused_on("comment", lambda: services.skill_sign_off(
        enrollment=enrollment, skill=skill, mentor=make.mentor, level=3, observed_on=days_ago(1),
        comment="c" * (NOTE_LIMIT + 1), password_confirmed_at=timezone.now()))
    sign_off = services.skill_sign_off(enrollment=enrollment, skill=skill, mentor=make.mentor, level=3,
                                       observed_on=days_ago(1), password_confirmed_at=timezone.now())
    refused_on("reason", lambda: services.sign_off_revoke(sign_off=sign_off, by=make.mentor, reason=FIVE_MB))


def test_a_sign_off_request_note_is_bounded(enrollment, make):
    skill = make.skills(make.competency())[1]
    refused_on("note", lambda: services.sign_off_request(
        enrollment=enrollment, by=enrollment.apprentice.user, skill=skill, note="n" * (NOTE_LIMIT + 1)))


def test_reasons_of_the_enrollments_history_are_bounded(enrollment, make):
    refused_on("reason", lambda: services.enrollment_change_status(
        enrollment=enrollment, to_status="suspended", effective_date=days_ago(0), reason=FIVE_MB,
        by=make.employer_admin.user))
    refused_on("reason", lambda: services.enrollment_change_start_date(
        enrollment=enrollment, start_date=days_ago(99), reason=FIVE_MB, by=make.employer_admin.user))
    assert not StatusChange.objects.filter(enrollment=enrollment, reason=FIVE_MB).exists()


def test_advanced_standing_bounds_the_description_and_the_decision_note(enrollment, make):
    def request(description):
        return services.advanced_standing_request(
            enrollment=enrollment, by=make.employer_admin.user, basis=AdvancedStanding.Basis.EXPERIENCE,
            description=description, hours={make.competency(): "10"},
            evidence=SimpleUploadedFile("letter.pdf", DEMO_PDF, content_type="application/pdf"))

    message = refused_on("description", lambda: request("d" * (DESCRIPTION_LIMIT + 1)))
    assert "5,000 characters" in message
    standing = request("d" * DESCRIPTION_LIMIT)
    refused_on("decision_note", lambda: services.advanced_standing_decide(
        standing=standing, by=make.reviewer, approve=False, note=FIVE_MB))


def test_the_quick_add_form_says_the_limit_next_to_the_note_and_keeps_the_hours(make, enrollment, client_for):
    response = client_for(enrollment.apprentice.user).post(reverse("hours_log", args=["keystone"]), {
        "quick-date": days_ago(1).isoformat(), "quick-competency": make.competency().pk, "quick-hours": "7.5",
        "quick-note": "n" * (NOTE_LIMIT + 1)})
    assert response.status_code == 200
    assert "at most 2000 characters" in " ".join(response.context["form"].errors["note"])
    assert 'value="7.5"' in response.content.decode()
    with scope(sponsor=make.sponsor):
        assert not OJTEntry.objects.filter(enrollment=enrollment).exists()


def test_the_mentors_queue_says_the_limit_of_a_rejection_reason(make, enrollment, client_for):
    entry = make.entry(enrollment, hours="3")
    response = client_for(make.mentor.user).post(reverse("mentor_queue", args=["keystone"]), {
        "entries": [entry.pk], "action": "reject", "reason": "r" * (NOTE_LIMIT + 1)})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == OJTEntry.Status.PENDING
