import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apprentices import services
from apprentices.models import Enrollment, MentorAssignment, OJTEntry, StatusChange
from imt.permissions import Role
from programs.models import Invitation
from programs.services import invitation_accept

from .conftest import days_ago

S = Enrollment.Status


def messages(error, field):
    return " ".join(error.value.message_dict[field])


def test_enrolling_starts_on_probation_with_the_end_computed_from_the_program(make, enroll):
    enrollment = enroll(start=datetime.date(2026, 1, 31))
    assert enrollment.status == S.PROBATION
    assert enrollment.probation_end == datetime.date(2026, 5, 31)  # four months
    assert [c.kind for c in enrollment.status_changes.all()] == [StatusChange.Kind.ENROLLED]
    assert list(enrollment.mentor_assignments.values_list("mentor", flat=True)) == [make.mentor.pk]


def test_enrolling_an_unknown_person_invites_them_and_links_the_enrollment_when_they_accept(make, enroll):
    enrollment = enroll(apprentice=None, email="New.Person@Example.com", full_name="New Person")
    assert enrollment.apprentice is None
    invitation = Invitation.objects.get(pk=enrollment.invitation_id)
    assert (invitation.email, invitation.role, invitation.employer) == ("new.person@example.com", Role.APPRENTICE,
                                                                        make.penn)
    from imt.models import User

    user = User.objects.create_user("new.person@example.com", "pw", full_name="New Person")
    invitation_accept(invitation=invitation, user=user)
    enrollment.refresh_from_db()
    assert enrollment.apprentice.user == user


def test_enrolling_with_a_mentor_of_another_employer_is_refused(make, enroll):
    with pytest.raises(ValidationError) as error:
        enroll(mentors=[make.mentor_member(employer=make.allegheny)])
    assert "is not a mentor at Penn Precision Plastics" in messages(error, "mentors")


def test_enrolling_on_another_employers_job_book_is_refused(make, enroll):
    with pytest.raises(ValidationError) as error:
        enroll(job_book_version=make.allegheny_version)
    assert "Choose the published Job Book of Penn Precision Plastics" in messages(error, "job_book_version")


def test_enrolling_twice_in_the_same_program_is_refused(make, enroll):
    apprentice = make.apprentice()
    enroll(apprentice=apprentice)
    with pytest.raises(ValidationError) as error:
        enroll(apprentice=apprentice)
    assert "is already enrolled in" in messages(error, "email")


def test_enrolling_a_mentor_as_apprentice_is_refused(make, enroll):
    with pytest.raises(ValidationError) as error:
        enroll(apprentice=None, email=make.mentor.user.email, full_name="Frank")
    assert "is a mentor at this sponsor, not an apprentice" in messages(error, "email")


# --- Lifecycle -----------------------------------------------------------------------------

ALLOWED = [
    (S.PROBATION, S.ACTIVE), (S.PROBATION, S.SUSPENDED), (S.PROBATION, S.CANCELLED),
    (S.ACTIVE, S.SUSPENDED), (S.ACTIVE, S.CANCELLED),
    (S.SUSPENDED, S.ACTIVE), (S.SUSPENDED, S.CANCELLED),
]
REFUSED = [(S.ACTIVE, S.PROBATION), (S.CANCELLED, S.ACTIVE)]
# Completion comes only from the sponsor's approval (tests/completion/test_completion_only_by_review.py).
NEVER_BY_HAND = [(S.PROBATION, S.COMPLETED), (S.ACTIVE, S.COMPLETED), (S.SUSPENDED, S.COMPLETED)]


def code_for(status):
    """The agency's reason code a change to `status` needs (a cancellation's)."""
    return "01" if status == S.CANCELLED else ""


def _at(make, enroll, status):
    enrollment = enroll(start=days_ago(100))
    path = {S.PROBATION: [], S.ACTIVE: [S.ACTIVE], S.SUSPENDED: [S.SUSPENDED], S.CANCELLED: [S.CANCELLED]}[status]
    for step in path:
        services.enrollment_change_status(enrollment=enrollment, to_status=step, effective_date=days_ago(50),
                                          reason="setting up", by=make.employer_admin.user, reason_code=code_for(step))
    return enrollment


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_allowed_transition_is_recorded_with_date_reason_and_author(make, enroll, start, to):
    enrollment = _at(make, enroll, start)
    services.enrollment_change_status(enrollment=enrollment, to_status=to, effective_date=days_ago(10),
                                      reason="Because", by=make.sponsor_admin.user, reason_code=code_for(to))
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.status_since) == (to, days_ago(10))
    last = enrollment.status_changes.order_by("pk").last()
    assert (last.from_status, last.to_status, last.reason, last.by) == (start, to, "Because", make.sponsor_admin.user)


@pytest.mark.parametrize(("start", "to", "says"), [
    *((start, to, "cannot become") for start, to in REFUSED),
    # What completion takes instead: the sponsor's approval (tests/completion/test_completion_only_by_review.py).
    *((start, to, "only when the sponsor approves the employer's completion recommendation")
      for start, to in NEVER_BY_HAND),
])
def test_a_refused_status_change_says_why(make, enroll, start, to, says):
    enrollment = _at(make, enroll, start)
    with pytest.raises(ValidationError) as error:
        services.enrollment_change_status(enrollment=enrollment, to_status=to, effective_date=days_ago(10),
                                          reason="Because", by=make.sponsor_admin.user)
    assert says in messages(error, "to_status")


def test_a_status_change_cannot_be_backdated_before_the_last_change(make, enroll):
    enrollment = _at(make, enroll, S.ACTIVE)  # effective 50 days ago
    with pytest.raises(ValidationError) as error:
        services.enrollment_change_status(enrollment=enrollment, to_status=S.SUSPENDED, effective_date=days_ago(60),
                                          reason="Leave", by=make.employer_admin.user)
    assert "cannot take effect before it" in messages(error, "effective_date")


def test_a_status_change_cannot_take_effect_in_the_future(make, enroll):
    enrollment = enroll()
    with pytest.raises(ValidationError) as error:
        services.enrollment_change_status(enrollment=enrollment, to_status=S.ACTIVE,
                                          effective_date=timezone.localdate() + datetime.timedelta(days=1),
                                          reason="Soon", by=make.employer_admin.user)
    assert "cannot be in the future" in messages(error, "effective_date")


def test_a_status_change_needs_a_reason(make, enroll):
    with pytest.raises(ValidationError) as error:
        services.enrollment_change_status(enrollment=enroll(), to_status=S.ACTIVE, effective_date=days_ago(1),
                                          reason="  ", by=make.employer_admin.user)
    assert "Give a reason" in messages(error, "reason")


def test_transfer_keeps_history_hours_and_moves_mentors_and_membership(make, enroll):
    enrollment = enroll()
    make.entry(enrollment, status=OJTEntry.Status.APPROVED)
    new_mentor = make.mentor_member(employer=make.allegheny)
    enrollment, report = services.enrollment_transfer(
        enrollment=enrollment, employer=make.allegheny, effective_date=days_ago(1), reason="Plant closed",
        by=make.sponsor_admin.user, mentors=[new_mentor],
    )
    assert enrollment.employer == make.allegheny
    assert enrollment.job_book_version == make.allegheny_version
    assert report.mapped_hours == 8 and not report.unmapped_hours
    kinds = list(enrollment.status_changes.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["enrolled", "transfer", "version"]
    transfer = enrollment.status_changes.get(kind="transfer")
    assert (transfer.from_employer, transfer.to_employer) == (make.penn, make.allegheny)
    assert enrollment.ojt_entries.count() == 1
    current = MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True)
    assert [a.mentor for a in current] == [new_mentor]
    enrollment.apprentice.refresh_from_db()
    assert enrollment.apprentice.employer == make.allegheny


def test_transfer_to_the_same_employer_is_refused(make, enroll):
    with pytest.raises(ValidationError) as error:
        services.enrollment_transfer(enrollment=enroll(), employer=make.penn, effective_date=days_ago(1),
                                     reason="x", by=make.sponsor_admin.user, mentors=[make.mentor])
    assert "already at Penn Precision Plastics" in messages(error, "employer")


def test_start_date_cannot_move_after_logged_hours(make, enroll):
    enrollment = enroll(start=days_ago(100))
    make.entry(enrollment, date=days_ago(90))
    with pytest.raises(ValidationError) as error:
        services.enrollment_change_start_date(enrollment=enrollment, start_date=days_ago(80), reason="Typo",
                                              by=make.employer_admin.user)
    assert "Hours are logged on" in messages(error, "start_date")


def test_start_date_moves_when_no_hours_are_before_it_and_probation_follows(make, enroll):
    enrollment = enroll(start=days_ago(100))
    make.entry(enrollment, date=days_ago(50))
    services.enrollment_change_start_date(enrollment=enrollment, start_date=days_ago(60), reason="Typo",
                                          by=make.employer_admin.user)
    enrollment.refresh_from_db()
    assert enrollment.start_date == days_ago(60)
    assert enrollment.probation_end == services.add_months(days_ago(60), 4)
    assert enrollment.status_changes.filter(kind="start_date").exists()
