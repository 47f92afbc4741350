"""Who sees which of the apprentices' records, and the reads of one enrollment's own rows.

One visibility rule per kind of record a URL names (imt/visibility.py): the widest "may see" of each
member.  What a role may *do* with a record it sees (edit only a pending entry, answer only a pending
request) stays a business check in the page or the service.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from apprentices.models import (
    AdvancedStanding,
    Demographics,
    Enrollment,
    MentorAssignment,
    OJTEntry,
    SignOffRequest,
    SkillSignOff,
    StatusChange,
)
from imt import visibility
from imt.permissions import Role
from programs.models import Membership

# --- Who sees which record -------------------------------------------------------------------


@visibility.rule("apprentice_enrollment", Enrollment)
def enrollments_visible_to(membership: Membership) -> QuerySet[Enrollment]:
    """The enrollments `membership` may see: sponsor staff all of the sponsor's, an employer admin their
    employer's, a mentor those they are currently assigned to, an apprentice their own."""
    enrollments = Enrollment.objects.filter(sponsor=membership.sponsor_id).select_related(
        "program", "standards_version", "employer", "job_book_version__job_book", "apprentice__user"
    )
    if not membership.is_active:
        return enrollments.none()
    if membership.is_sponsor_staff:
        return enrollments
    if membership.role == Role.EMPLOYER_ADMIN:
        return enrollments.filter(employer=membership.employer_id)
    if membership.role == Role.MENTOR:
        return enrollments.filter(Exists(assigned_to(membership).filter(enrollment=OuterRef("pk"))))
    if membership.role == Role.APPRENTICE:
        return enrollments.filter(apprentice=membership)
    return enrollments.none()


@visibility.rule("ojt_entry", OJTEntry)
def entries_visible_to(membership: Membership) -> QuerySet[OJTEntry]:
    """The OJT entries of the enrollments `membership` sees (an apprentice's own, a mentor's apprentices' …)."""
    return OJTEntry.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "enrollment", "competency"
    )


@visibility.rule("sign_off_request", SignOffRequest)
def sign_off_requests_visible_to(membership: Membership) -> QuerySet[SignOffRequest]:
    """The sign-off requests of the enrollments `membership` sees, whoever they are addressed to."""
    return SignOffRequest.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "skill__competency", "enrollment"
    )


@visibility.rule("sign_off", SkillSignOff)
def sign_offs_visible_to(membership: Membership) -> QuerySet[SkillSignOff]:
    """The skill sign-offs (active or revoked) of the enrollments `membership` sees."""
    return SkillSignOff.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "skill", "mentor__user", "revocation"
    )


@visibility.rule("standing", AdvancedStanding)
def standings_visible_to(membership: Membership) -> QuerySet[AdvancedStanding]:
    """The requests for advanced standing of the enrollments `membership` sees."""
    return AdvancedStanding.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "enrollment__employer", "requested_by", "decided_by"
    )


# --- One member's enrollments ----------------------------------------------------------------


def current_enrollment(membership: Membership) -> Enrollment | None:
    """An apprentice's open enrollment (the most recent), or their latest one, or None."""
    enrollments = list(
        Enrollment.objects.filter(apprentice=membership)
        .select_related("program", "standards_version", "employer", "job_book_version")
        .order_by("-start_date", "-pk")
    )
    for enrollment in enrollments:
        enrollment.apprentice = membership  # known: spares a query for enrollment.apprentice
    return next((e for e in enrollments if e.is_open), enrollments[0] if enrollments else None)


def assigned_to(mentor: Membership) -> QuerySet[MentorAssignment]:
    """The mentor's current assignments."""
    return MentorAssignment.objects.filter(mentor=mentor, end_date__isnull=True)


def is_current_mentor(membership: Membership, enrollment: Enrollment) -> bool:
    return assigned_to(membership).filter(enrollment=enrollment).exists()


# --- One enrollment's rows -------------------------------------------------------------------


def history_of(enrollment: Enrollment) -> QuerySet[StatusChange]:
    """Status changes, transfers, start-date and version moves, the latest effective first, each with the
    agency exports that carried it (`exported_records`, agency.models.ExportedRecord)."""
    return enrollment.status_changes.select_related("by", "from_employer", "to_employer", "signature").prefetch_related(
        "exported_records__export"
    ).order_by("-effective_date", "-pk")


def mentor_assignments_of(enrollment: Enrollment, *, latest_end_first: bool = False) -> QuerySet[MentorAssignment]:
    """Every mentor assignment of the enrollment, current and ended, ordered by end date (the latest first
    with `latest_end_first`), then start date."""
    order = ("-end_date", "start_date") if latest_end_first else ("end_date", "start_date")
    return MentorAssignment.objects.filter(enrollment=enrollment).select_related("mentor__user").order_by(*order)


def mentor_assignment_of(enrollment: Enrollment, pk: str | int) -> MentorAssignment | None:
    """One assignment of the enrollment by its id (as sent by a form), or None."""
    return MentorAssignment.objects.filter(enrollment=enrollment, pk=pk).select_related("mentor__user").first()


def demographics_of(enrollment: Enrollment) -> Demographics | None:
    return Demographics.objects.filter(enrollment=enrollment).first()
