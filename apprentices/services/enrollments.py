"""An apprentice's enrollment and its lifecycle: enrolling, status changes (probation → active ⇄
suspended → cancelled, and completion by the sponsor's approval), transfer to another employer and a
corrected start date.  Each change leaves a dated, reasoned and attributed line in the history."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from apprentices.models import Enrollment, MentorAssignment, OJTEntry, Signature, SignOffRequest, StatusChange
from apprentices.services._records import (
    check_mentor_member,
    check_version,
    lock,
    probation_end_for,
    require_reason,
    today,
)
from apprentices.services.demographics import demographics_save
from apprentices.services.job_book_versions import VersionMoveReport, move_version
from apprentices.services.status_signing import check_password, check_reason_code, sign_status_change
from imt.permissions import Role
from jobbook.models import JobBookVersion
from programs.models import Invitation, Membership

if TYPE_CHECKING:
    from imt.models import User
    from programs.models import Employer, Program, Sponsor

Status = Enrollment.Status
# Checks that apps above this one hang on enrolling and on assigning a mentor (compliance's ratio check,
# registered in its AppConfig.ready()).  Each runs inside the service's transaction after its write,
# as check(enrollment=, mentors=, by=, override=, enrolling=), and refuses it with a ValidationError;
# `override` is what the form carried to go past a limit (a reason and a password confirmation).
ASSIGNMENT_CHECKS: list[Callable[..., object]] = []
_checks_suspended: ContextVar[bool] = ContextVar("assignment_checks_suspended", default=False)


@contextmanager
def assignment_checks_suspended() -> Iterator[None]:
    """Inside, ASSIGNMENT_CHECKS do not run: for the generators of demo and load-test history
    (completion.records), which add to an employer whose demo history is already over its ratio."""
    token = _checks_suspended.set(True)
    try:
        yield
    finally:
        _checks_suspended.reset(token)


def run_assignment_checks(**kwargs: Any) -> None:
    if not _checks_suspended.get():
        for check in ASSIGNMENT_CHECKS:
            check(**kwargs)
# The changes a sponsor or employer admin may make by hand.  *Completed* is not among them: only the
# sponsor's signed approval of a completion review reaches it (enrollment_complete, and a database
# trigger that refuses it without that approval).
ALLOWED_TRANSITIONS: dict[str, set[Enrollment.Status]] = {
    Status.PROBATION: {Status.ACTIVE, Status.SUSPENDED, Status.CANCELLED},
    Status.ACTIVE: {Status.SUSPENDED, Status.CANCELLED},
    Status.SUSPENDED: {Status.ACTIVE, Status.CANCELLED},
    Status.CANCELLED: set(),
    Status.COMPLETED: set(),
}


def enrollment_create(
    *, sponsor: Sponsor, by: User, program: Program, employer: Employer, job_book_version: JobBookVersion,
    start_date: datetime.date | None, mentors: Sequence[Membership], apprentice: Membership | None = None,
    email: str = "", full_name: str = "", demographics: dict[str, Any] | None = None,
    ratio_override: Mapping[str, Any] | None = None,
) -> Enrollment:
    """Enroll an apprentice: on probation from `start_date` (active at once when the program has no
    probation), with the probation end computed from the program, the first mentor assignment(s) and
    an "enrolled" line in the history.

    The apprentice is an existing apprentice membership, or is given by `email` and `full_name`: an
    active apprentice member with that address is used, anyone else is invited (programs'
    invitation_create) and the enrollment is linked to them when they accept.  Refuses a second open
    enrollment in the same program, and mentors, employer, program or version of the wrong sponsor.
    """
    errors: dict[str, str] = {}
    if program.sponsor_id != sponsor.pk:
        errors["program"] = _("Choose a program of this sponsor.")
    if employer.sponsor_id != sponsor.pk:
        errors["employer"] = _("That employer does not belong to this sponsor.")
    elif employer.is_archived:
        errors["employer"] = _("%(employer)s is archived and takes no new apprentices.") % {"employer": employer}
    if start_date is None:
        errors["start_date"] = _("Enter the start date.")
    if not mentors:
        errors["mentors"] = _("Choose at least one mentor.")
    if errors or start_date is None:  # no start date is among the errors
        raise ValidationError(errors)
    check_version(job_book_version, program, employer)
    from programs.services import current_standards

    standards = current_standards(program)
    for mentor in mentors:
        check_mentor_member(mentor, employer)

    with transaction.atomic():
        invitation = None
        if apprentice is None:
            email = (email or "").strip().lower()
            full_name = (full_name or "").strip()
            if not email:
                raise ValidationError({"email": _("Enter the apprentice's e-mail address.")})
            if not full_name:
                raise ValidationError({"full_name": _("Enter the apprentice's name.")})
            apprentice = (
                Membership.objects.select_related("user")
                .filter(sponsor=sponsor, user__email__iexact=email, is_active=True)
                .first()
            )
            if apprentice is None:
                from programs.services import invitation_create

                invitation = Invitation.objects.filter(
                    sponsor=sponsor, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True,
                    expires_at__gt=timezone.now(), role=Role.APPRENTICE,
                ).first() or invitation_create(
                    sponsor=sponsor, email=email, role=Role.APPRENTICE, employer=employer, full_name=full_name,
                    invited_by=by,
                )
        if apprentice is not None:
            if apprentice.sponsor_id != sponsor.pk or apprentice.role != Role.APPRENTICE:
                raise ValidationError(
                    {"email": _("%(email)s is a %(role)s at this sponsor, not an apprentice.")
                     % {"email": apprentice.user.email, "role": apprentice.get_role_display().lower()}}
                )
            if apprentice.employer_id != employer.pk:
                raise ValidationError(
                    {"employer": _("%(name)s is an apprentice at %(employer)s; transfer them instead.")
                     % {"name": apprentice.user, "employer": apprentice.employer}}
                )
            email, full_name = apprentice.user.email, apprentice.user.get_full_name()
        open_ones = Enrollment.objects.filter(program=program, status__in=Enrollment.OPEN_STATUSES)
        if (apprentice and open_ones.filter(apprentice=apprentice).exists()) or (
            apprentice is None and open_ones.filter(apprentice__isnull=True, email__iexact=email).exists()
        ):
            raise ValidationError(
                {"email": _("%(name)s is already enrolled in %(program)s.") % {"name": full_name, "program": program}}
            )
        probation_end = probation_end_for(standards, start_date)
        status = Status.PROBATION if probation_end > start_date else Status.ACTIVE
        enrollment = Enrollment.objects.create(
            sponsor=sponsor, apprentice=apprentice, invitation=invitation, full_name=full_name, email=email,
            program=program, employer=employer, job_book_version=job_book_version, standards_version=standards,
            start_date=start_date, probation_end=probation_end, status=status, status_since=start_date, created_by=by,
        )
        StatusChange.objects.create(
            sponsor=sponsor, enrollment=enrollment, kind=StatusChange.Kind.ENROLLED, effective_date=start_date,
            to_status=status, to_employer=employer, to_value=str(job_book_version), reason=_("Enrolled"), by=by,
        )
        MentorAssignment.objects.bulk_create([
            MentorAssignment(sponsor=sponsor, enrollment=enrollment, mentor=m, start_date=start_date, created_by=by)
            for m in {m.pk: m for m in mentors}.values()
        ])
        run_assignment_checks(enrollment=enrollment, mentors=list(mentors), by=by, override=ratio_override,
                              enrolling=True)
        if demographics:
            demographics_save(enrollment=enrollment, by=by, **demographics)
    return enrollment


def enrollments_link_apprentice(*, apprentice: Membership) -> int:
    """Link the enrollments made for an invited person's e-mail address, before they had a sign-in, to
    their apprentice membership once it is active (they accepted the invitation, or came back).  Any other
    membership links nothing.  Returns how many enrollments were linked."""
    if apprentice.role != Role.APPRENTICE or not apprentice.is_active:
        return 0
    with scope(sponsor=apprentice.sponsor_id):
        return Enrollment.objects.filter(
            sponsor=apprentice.sponsor_id, apprentice__isnull=True, email__iexact=apprentice.user.email
        ).update(apprentice=apprentice)


def _check_effective_date(enrollment: Enrollment, effective_date: datetime.date | None) -> datetime.date:
    if effective_date is None:
        raise ValidationError({"effective_date": _("Enter the date the change takes effect.")})
    if effective_date > today():
        raise ValidationError({"effective_date": _("The effective date cannot be in the future.")})
    last = (
        StatusChange.objects.filter(enrollment=enrollment).order_by("-effective_date").values_list(
            "effective_date", flat=True
        ).first()
    )
    if last and effective_date < last:
        raise ValidationError(
            {"effective_date": _("The last change took effect on %(date)s; a new one cannot take effect before it.")
             % {"date": last.isoformat()}}
        )
    return effective_date


def enrollment_change_status(
    *, enrollment: Enrollment, to_status: str, effective_date: datetime.date | None, reason: str, by: User,
    reason_code: str = "", password_confirmed_at: datetime.datetime | None = None,
) -> Enrollment:
    """Move an enrollment along probation → active → suspended ⇄ active → cancelled, with a dated,
    reasoned, signed and attributed history line.  A cancellation needs the agency's reason code
    (status_reasons.CancellationReason) and is marked when it happens during probation.  Refuses other
    transitions (saying which are possible), an effective date in the future or before the last change
    (no backdating), an empty reason and a stale password confirmation.  Completion is not a status
    change anyone makes here: see enrollment_complete."""
    reason = require_reason(reason)
    check_password(password_confirmed_at)
    with transaction.atomic():
        enrollment = lock(enrollment)
        allowed = ALLOWED_TRANSITIONS[Status(enrollment.status)]
        if to_status not in allowed:
            current = Status(enrollment.status).label.lower()
            target = Status(to_status).label.lower() if to_status in Status.values else str(to_status)
            if to_status == Status.COMPLETED and enrollment.status != Status.COMPLETED:
                message = _("An apprenticeship is completed only when the sponsor approves the employer's "
                            "completion recommendation.")
            elif allowed:
                message = _("The enrollment is %(current)s; it cannot become %(target)s. Possible: %(allowed)s.")
            else:
                message = _("The enrollment is %(current)s and can no longer change (it cannot become %(target)s).")
            message = message % {"current": current, "target": target,
                                 "allowed": ", ".join(sorted(str(Status(s).label).lower() for s in allowed))}
            raise ValidationError({"to_status": message})
        reason_code = check_reason_code(to_status, reason_code)
        effective_date = _check_effective_date(enrollment, effective_date)
        _record_status(enrollment, to_status, effective_date, reason, by, reason_code=reason_code,
                       password_confirmed_at=password_confirmed_at)
    return enrollment


def enrollment_complete(
    *, enrollment: Enrollment, effective_date: datetime.date, reason: str, by: User,
    signature: Signature | None = None,
) -> Enrollment:
    """Mark an active apprenticeship completed.  Called only by the sponsor's approval of a completion
    review (completion.services.decide), inside its transaction, with that approval's `signature`: the
    database refuses a completed status, and its history line, unless an approved review decision for
    the enrollment exists."""
    with transaction.atomic():
        enrollment = lock(enrollment)
        if enrollment.status != Status.ACTIVE:
            raise ValidationError(_("Only an active apprenticeship can be completed (this one is %(status)s).")
                                  % {"status": Status(enrollment.status).label.lower()})
        _record_status(enrollment, Status.COMPLETED, effective_date, reason, by, signature=signature)
    return enrollment


def _record_status(
    enrollment: Enrollment, to_status: str, effective_date: datetime.date, reason: str, by: User, *,
    reason_code: str = "", signature: Signature | None = None, password_confirmed_at: datetime.datetime | None = None,
) -> None:
    during_probation = enrollment.status == Status.PROBATION and to_status == Status.CANCELLED
    if signature is None:
        signature = sign_status_change(enrollment, by, {
            "kind": StatusChange.Kind.STATUS, "from_status": enrollment.status, "to_status": to_status,
            "effective_date": effective_date, "reason": reason, "reason_code": reason_code,
            "during_probation": during_probation,
        }, password_confirmed_at)
    StatusChange.objects.create(
        sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=StatusChange.Kind.STATUS,
        effective_date=effective_date, from_status=enrollment.status, to_status=to_status, reason=reason, by=by,
        reason_code=reason_code, during_probation=during_probation, signature=signature,
    )
    enrollment.status = to_status
    enrollment.status_since = effective_date
    enrollment.save(update_fields=["status", "status_since"])
    if to_status in (Status.CANCELLED, Status.COMPLETED):
        current = MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True)
        current.update(end_date=effective_date)
        SignOffRequest.objects.filter(enrollment=enrollment, status=SignOffRequest.Status.PENDING).update(
            status=SignOffRequest.Status.WITHDRAWN, resolved_at=timezone.now()
        )


def enrollment_transfer(
    *, enrollment: Enrollment, employer: Employer, effective_date: datetime.date | None, reason: str, by: User,
    mentors: Sequence[Membership], job_book_version: JobBookVersion | None = None,
    password_confirmed_at: datetime.datetime | None = None, ratio_override: Mapping[str, Any] | None = None,
) -> tuple[Enrollment, VersionMoveReport | None]:
    """Transfer an apprentice to another employer of the same sponsor.  Their hours, sign-offs and
    history stay with the enrollment; the mentors of the old employer are unassigned and `mentors`
    (of the new employer) assigned; the apprentice's membership moves to the new employer.  When
    `job_book_version` (the new employer's published book) is given, or the new employer has one, the
    enrollment moves to it as in `enrollment_move_version`.

    The transfer is signed by `by` (a stale `password_confirmed_at` is refused).
    Returns (enrollment, report) where report is a VersionMoveReport or None.
    """
    reason = require_reason(reason)
    check_password(password_confirmed_at)
    if employer.sponsor_id != enrollment.sponsor_id:
        raise ValidationError({"employer": _("That employer does not belong to this sponsor.")})
    if employer.is_archived:
        raise ValidationError({"employer": _("%(employer)s is archived.") % {"employer": employer}})
    if not mentors:
        raise ValidationError({"mentors": _("Choose at least one mentor at the new employer.")})
    for mentor in mentors:
        check_mentor_member(mentor, employer)
    if job_book_version is None:
        job_book_version = JobBookVersion.objects.filter(
            job_book__employer=employer, job_book__program=enrollment.program_id,
            status=JobBookVersion.Status.PUBLISHED,
        ).first()
    with transaction.atomic():
        enrollment = lock(enrollment)
        if not enrollment.is_open:
            raise ValidationError(
                {"employer": _("A %(status)s enrollment cannot be transferred.")
                 % {"status": enrollment.get_status_display().lower()}}
            )
        if employer.pk == enrollment.employer_id:
            raise ValidationError(
                {"employer": _("The apprentice is already at %(employer)s.") % {"employer": employer}}
            )
        effective_date = _check_effective_date(enrollment, effective_date)
        signature = sign_status_change(enrollment, by, {
            "kind": StatusChange.Kind.TRANSFER, "from_employer": enrollment.employer_id, "to_employer": employer.pk,
            "effective_date": effective_date, "reason": reason,
        }, password_confirmed_at)
        StatusChange.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=StatusChange.Kind.TRANSFER,
            effective_date=effective_date, from_status=enrollment.status, to_status=enrollment.status,
            from_employer_id=enrollment.employer_id, to_employer=employer, reason=reason, by=by, signature=signature,
        )
        MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True).update(end_date=effective_date)
        MentorAssignment.objects.bulk_create([
            MentorAssignment(sponsor_id=enrollment.sponsor_id, enrollment=enrollment, mentor=m,
                             start_date=effective_date, created_by=by)
            for m in {m.pk: m for m in mentors}.values()
        ])
        enrollment.employer = employer
        enrollment.save(update_fields=["employer"])
        # The new employer's ratio and its mentors', as at enrolling (refused, or overridden with a reason).
        run_assignment_checks(enrollment=enrollment, mentors=list(mentors), by=by, override=ratio_override,
                              enrolling=True)
        if enrollment.apprentice_id:
            Membership.objects.filter(pk=enrollment.apprentice_id).update(employer=employer)
        elif enrollment.invitation_id:
            Invitation.objects.filter(pk=enrollment.invitation_id).update(employer=employer)
        report = None
        if job_book_version is not None and job_book_version.pk != enrollment.job_book_version_id:
            report = move_version(enrollment, job_book_version, by, reason, effective_date)
    return enrollment, report


def enrollment_change_start_date(
    *, enrollment: Enrollment, start_date: datetime.date | None, reason: str, by: User,
) -> Enrollment:
    """Correct the start date (and the probation end computed from it).  Refused when pending or
    approved hours exist before the new date, or when the history has changes before it."""
    reason = require_reason(reason)
    if start_date is None:
        raise ValidationError({"start_date": _("Enter the start date.")})
    with transaction.atomic():
        enrollment = lock(enrollment)
        earliest = (
            OJTEntry.objects.filter(
                enrollment=enrollment, status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED],
                date__lt=start_date,
            ).order_by("date").values_list("date", flat=True).first()
        )
        if earliest:
            raise ValidationError(
                {"start_date": _("Hours are logged on %(date)s, before that date; the start date cannot move after "
                                 "them.") % {"date": earliest.isoformat()}}
            )
        later_change = StatusChange.objects.filter(enrollment=enrollment, effective_date__lt=start_date).exclude(
            kind=StatusChange.Kind.ENROLLED
        ).exists()
        if later_change:
            raise ValidationError(
                {"start_date": _("The apprentice's history has changes before that date; the start date cannot "
                                 "move after them.")}
            )
        StatusChange.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=StatusChange.Kind.START_DATE,
            effective_date=max(today(), start_date), from_value=enrollment.start_date.isoformat(),
            to_value=start_date.isoformat(), reason=reason, by=by,
        )
        enrollment.start_date = start_date
        enrollment.probation_end = probation_end_for(enrollment.standards_version, start_date)
        fields = ["start_date", "probation_end"]
        if not StatusChange.objects.filter(enrollment=enrollment, kind=StatusChange.Kind.STATUS).exists():
            enrollment.status_since = start_date
            fields.append("status_since")
        enrollment.save(update_fields=fields)
    return enrollment
