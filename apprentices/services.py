"""State-changing actions on apprentices' records.

Each function is one transaction and the only way to perform its action; views, the admin, commands
and tests all call it.  Bad input raises `ValidationError` keyed by the form field it concerns (or
`__all__`), with a message the user can read.  Role permissions ("may this member approve hours at
all?") are the views' job; the rules that keep the records true (the mentor is assigned to this
apprentice, the entry is the apprentice's own, the password was confirmed a moment ago) are checked here.

`by` is the acting user (`imt.User`) where only attribution matters, and the acting `Membership`
where the role at the sponsor matters (a mentor, sponsor staff).
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices import selectors
from apprentices.models import (
    AdvancedStanding,
    CreditedHours,
    CreditedSkill,
    Demographics,
    Enrollment,
    MentorAssignment,
    OJTEntry,
    Signature,
    SignOffLevel,
    SignOffRequest,
    SignOffRevocation,
    SkillSignOff,
    StatusChange,
    content_hash,
)
from imt.evidence import evidence_content_type
from imt.permissions import Role
from imt.text import DESCRIPTION_MAX_LENGTH, clean_text, text_problem
from imt.uploads import server_name
from jobbook.models import Competency, JobBookVersion, Skill
from programs.models import Invitation, Membership

MAX_HOURS_PER_DAY = Decimal(24)
QUARTER = Decimal("0.25")
HOURS_MAX_TYPED = 10  # characters: "3000.25" and some room for spaces and zeros
# A sign-off needs the signer's password confirmed within this window (SPEC §6).
PASSWORD_CONFIRMATION_WINDOW = datetime.timedelta(minutes=5)

Status = Enrollment.Status
# The changes a sponsor or employer admin may make by hand.  *Completed* is not among them: only the
# sponsor's signed approval of a completion review reaches it (enrollment_complete, and a database
# trigger that refuses it without that approval).
ALLOWED_TRANSITIONS = {
    Status.PROBATION: {Status.ACTIVE, Status.SUSPENDED, Status.CANCELLED},
    Status.ACTIVE: {Status.SUSPENDED, Status.CANCELLED},
    Status.SUSPENDED: {Status.ACTIVE, Status.CANCELLED},
    Status.CANCELLED: set(),
    Status.COMPLETED: set(),
}


def today():
    return timezone.localdate()


def add_months(date, months):
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def probation_end_for(program, start_date):
    return add_months(start_date, program.probation_months or 0)


def _lock(enrollment):
    """The enrollment, re-read under a row lock: actions on one apprentice run one at a time."""
    return Enrollment.objects.select_for_update(of=("self",)).select_related("apprentice__user", "program").get(
        pk=enrollment.pk
    )


def _lock_enrollments_of(entry_ids):
    """Lock the enrollments of these entries, in id order (the order every caller locks in), before
    the entries themselves: one query."""
    entries = OJTEntry.objects.filter(pk__in=entry_ids).values("enrollment_id")
    return list(
        Enrollment.objects.select_for_update(of=("self",)).filter(pk__in=Subquery(entries))
        .order_by("pk").values_list("pk", flat=True)
    )


def refresh_roster_keys(enrollment_ids):
    """Recompute the roster keys (counted hours, last day logged) of these enrollments from their
    entries and credit: one UPDATE.  Every service that changes them calls it in its transaction,
    after locking the enrollments first, so the last writer's figures include every earlier one's."""
    Enrollment.objects.filter(pk__in=list(enrollment_ids)).update(**selectors.roster_key_values())


def _require_reason(reason, field="reason", message=None):
    reason = clean_text(reason, field=field)
    if not reason:
        raise ValidationError({field: message or _("Give a reason; it is kept in the apprentice's record.")})
    return reason


def sign(*, sponsor, signer, meaning, content, password_confirmed_at=None):
    """Write a signature (SPEC §6): the signer's user and printed name, the server's time (UTC), what the
    signature means, and the SHA-256 hash of `content` (which is stored alongside).  Call inside the
    transaction of the action being signed."""
    signed_at = timezone.now()
    content = {**content, "signer": signer.pk, "printed_name": signer.get_full_name(), "meaning": str(meaning),
               "signed_at": signed_at.isoformat()}
    return Signature.objects.create(
        sponsor_id=sponsor.pk if hasattr(sponsor, "pk") else sponsor, signer=signer,
        printed_name=signer.get_full_name(), signed_at=signed_at, meaning=str(meaning), content=content,
        content_hash=content_hash(content), password_confirmed_at=password_confirmed_at,
    )


def current_mentor_ids(enrollment):
    return set(
        MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True)
        .values_list("mentor_id", flat=True)
    )


def _check_mentor_member(mentor, employer, field="mentors"):
    if mentor.role != Role.MENTOR or not mentor.is_active:
        raise ValidationError({field: _("%(name)s is not an active mentor.") % {"name": mentor.user}})
    if mentor.sponsor_id != employer.sponsor_id or mentor.employer_id != employer.pk:
        raise ValidationError(
            {field: _("%(name)s is not a mentor at %(employer)s.") % {"name": mentor.user, "employer": employer}}
        )


def _check_version(version, program, employer, field="job_book_version"):
    if (
        version.status != JobBookVersion.Status.PUBLISHED
        or version.job_book.program_id != program.pk
        or version.job_book.employer_id != employer.pk
    ):
        raise ValidationError(
            {field: _("Choose the published Job Book of %(employer)s for %(program)s.")
             % {"employer": employer, "program": program}}
        )


# --- Enrollment and its lifecycle ---------------------------------------------------------


def enrollment_create(
    *, sponsor, by, program, employer, job_book_version, start_date, mentors, apprentice=None, email="",
    full_name="", demographics=None,
):
    """Enroll an apprentice: on probation from `start_date` (active at once when the program has no
    probation), with the probation end computed from the program, the first mentor assignment(s) and
    an "enrolled" line in the history.

    The apprentice is an existing apprentice membership, or is given by `email` and `full_name`: an
    active apprentice member with that address is used, anyone else is invited (programs'
    invitation_create) and the enrollment is linked to them when they accept.  Refuses a second open
    enrollment in the same program, and mentors, employer, program or version of the wrong sponsor.
    """
    errors = {}
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
    if errors:
        raise ValidationError(errors)
    _check_version(job_book_version, program, employer)
    for mentor in mentors:
        _check_mentor_member(mentor, employer)

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
        probation_end = probation_end_for(program, start_date)
        status = Status.PROBATION if probation_end > start_date else Status.ACTIVE
        enrollment = Enrollment.objects.create(
            sponsor=sponsor, apprentice=apprentice, invitation=invitation, full_name=full_name, email=email,
            program=program, employer=employer, job_book_version=job_book_version, start_date=start_date,
            probation_end=probation_end, status=status, status_since=start_date, created_by=by,
        )
        StatusChange.objects.create(
            sponsor=sponsor, enrollment=enrollment, kind=StatusChange.Kind.ENROLLED, effective_date=start_date,
            to_status=status, to_employer=employer, to_value=str(job_book_version), reason=_("Enrolled"), by=by,
        )
        MentorAssignment.objects.bulk_create([
            MentorAssignment(sponsor=sponsor, enrollment=enrollment, mentor=m, start_date=start_date, created_by=by)
            for m in {m.pk: m for m in mentors}.values()
        ])
        if demographics:
            demographics_save(enrollment=enrollment, by=by, **demographics)
    return enrollment


def _check_effective_date(enrollment, effective_date):
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


def enrollment_change_status(*, enrollment, to_status, effective_date, reason, by):
    """Move an enrollment along probation → active → suspended ⇄ active → cancelled, with a dated,
    reasoned and attributed history line.  Refuses other transitions (saying which are possible), an
    effective date in the future or before the last change (no backdating), and an empty reason.
    Completion is not a status change anyone makes here: see enrollment_complete."""
    reason = _require_reason(reason)
    with transaction.atomic():
        enrollment = _lock(enrollment)
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
        _check_effective_date(enrollment, effective_date)
        _record_status(enrollment, to_status, effective_date, reason, by)
    return enrollment


def enrollment_complete(*, enrollment, effective_date, reason, by):
    """Mark an active apprenticeship completed.  Called only by the sponsor's approval of a completion
    review (completion.services.decide), inside its transaction: the database refuses a completed
    status, and its history line, unless an approved review decision for the enrollment exists."""
    with transaction.atomic():
        enrollment = _lock(enrollment)
        if enrollment.status != Status.ACTIVE:
            raise ValidationError(_("Only an active apprenticeship can be completed (this one is %(status)s).")
                                  % {"status": Status(enrollment.status).label.lower()})
        _record_status(enrollment, Status.COMPLETED, effective_date, reason, by)
    return enrollment


def _record_status(enrollment, to_status, effective_date, reason, by):
    StatusChange.objects.create(
        sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=StatusChange.Kind.STATUS,
        effective_date=effective_date, from_status=enrollment.status, to_status=to_status, reason=reason, by=by,
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


def enrollment_transfer(*, enrollment, employer, effective_date, reason, by, mentors, job_book_version=None):
    """Transfer an apprentice to another employer of the same sponsor.  Their hours, sign-offs and
    history stay with the enrollment; the mentors of the old employer are unassigned and `mentors`
    (of the new employer) assigned; the apprentice's membership moves to the new employer.  When
    `job_book_version` (the new employer's published book) is given, or the new employer has one, the
    enrollment moves to it as in `enrollment_move_version`.

    Returns (enrollment, report) where report is a VersionMoveReport or None.
    """
    reason = _require_reason(reason)
    if employer.sponsor_id != enrollment.sponsor_id:
        raise ValidationError({"employer": _("That employer does not belong to this sponsor.")})
    if employer.is_archived:
        raise ValidationError({"employer": _("%(employer)s is archived.") % {"employer": employer}})
    if not mentors:
        raise ValidationError({"mentors": _("Choose at least one mentor at the new employer.")})
    for mentor in mentors:
        _check_mentor_member(mentor, employer)
    if job_book_version is None:
        job_book_version = JobBookVersion.objects.filter(
            job_book__employer=employer, job_book__program=enrollment.program_id,
            status=JobBookVersion.Status.PUBLISHED,
        ).first()
    with transaction.atomic():
        enrollment = _lock(enrollment)
        if not enrollment.is_open:
            raise ValidationError(
                {"employer": _("A %(status)s enrollment cannot be transferred.")
                 % {"status": enrollment.get_status_display().lower()}}
            )
        if employer.pk == enrollment.employer_id:
            raise ValidationError(
                {"employer": _("The apprentice is already at %(employer)s.") % {"employer": employer}}
            )
        _check_effective_date(enrollment, effective_date)
        StatusChange.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=StatusChange.Kind.TRANSFER,
            effective_date=effective_date, from_status=enrollment.status, to_status=enrollment.status,
            from_employer_id=enrollment.employer_id, to_employer=employer, reason=reason, by=by,
        )
        MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True).update(end_date=effective_date)
        MentorAssignment.objects.bulk_create([
            MentorAssignment(sponsor_id=enrollment.sponsor_id, enrollment=enrollment, mentor=m,
                             start_date=effective_date, created_by=by)
            for m in {m.pk: m for m in mentors}.values()
        ])
        enrollment.employer = employer
        enrollment.save(update_fields=["employer"])
        if enrollment.apprentice_id:
            Membership.objects.filter(pk=enrollment.apprentice_id).update(employer=employer)
        elif enrollment.invitation_id:
            Invitation.objects.filter(pk=enrollment.invitation_id).update(employer=employer)
        report = None
        if job_book_version is not None and job_book_version.pk != enrollment.job_book_version_id:
            report = _move_version(enrollment, job_book_version, by, reason, effective_date)
    return enrollment, report


def enrollment_change_start_date(*, enrollment, start_date, reason, by):
    """Correct the start date (and the probation end computed from it).  Refused when pending or
    approved hours exist before the new date, or when the history has changes before it."""
    reason = _require_reason(reason)
    if start_date is None:
        raise ValidationError({"start_date": _("Enter the start date.")})
    with transaction.atomic():
        enrollment = _lock(enrollment)
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
        enrollment.probation_end = probation_end_for(enrollment.program, start_date)
        fields = ["start_date", "probation_end"]
        if not StatusChange.objects.filter(enrollment=enrollment, kind=StatusChange.Kind.STATUS).exists():
            enrollment.status_since = start_date
            fields.append("status_since")
        enrollment.save(update_fields=fields)
    return enrollment


@dataclass
class VersionMoveReport:
    """What moving an enrollment to another Job Book version did.  Hours and sign-offs are matched by
    the stable keys of competencies and skills; those whose key the new version lacks are listed here
    (they stay in the record but no longer count toward the new version)."""

    from_version: str
    to_version: str
    mapped_hours: Decimal = Decimal(0)
    unmapped_hours: list = field(default_factory=list)  # [(competency name, approved+pending hours)]
    mapped_sign_offs: int = 0
    unmapped_sign_offs: list = field(default_factory=list)  # [skill name]
    unmapped_credits: list = field(default_factory=list)  # [competency or skill name]
    withdrawn_requests: list = field(default_factory=list)  # [skill name]

    @property
    def is_complete(self):
        return not (self.unmapped_hours or self.unmapped_sign_offs or self.unmapped_credits)


def enrollment_move_version(*, enrollment, version, by, reason=""):
    """Move an enrollment to another published version of its employer's Job Book (explicitly; a
    Job Book change never moves anyone).  History is not rewritten: decided entries keep the competency
    they were logged on and count through its stable key; pending entries and sign-off requests are
    re-pointed to the new version's competency/skill.  Returns a VersionMoveReport."""
    reason = clean_text(reason, field="reason") or _("Moved to a newer Job Book version")
    with transaction.atomic():
        enrollment = _lock(enrollment)
        return _move_version(enrollment, version, by, reason, today())


def _move_version(enrollment, version, by, reason, effective_date):
    employer = enrollment.employer
    _check_version(version, enrollment.program, employer, field="version")
    if version.pk == enrollment.job_book_version_id:
        raise ValidationError({"version": _("The apprentice is already on this version.")})
    old = enrollment.job_book_version
    report = VersionMoveReport(from_version=str(old), to_version=str(version))
    competencies = {c.key: c for c in Competency.objects.filter(version=version)}
    skills = {s.key: s for s in Skill.objects.filter(competency__version=version)}

    hours = (
        OJTEntry.objects.filter(enrollment=enrollment, status__in=[OJTEntry.Status.APPROVED, OJTEntry.Status.PENDING])
        .values("competency__key", "competency__name").annotate(total=Sum("hours")).order_by("competency__name")
    )
    for row in hours:
        if row["competency__key"] in competencies:
            report.mapped_hours += row["total"]
        else:
            report.unmapped_hours.append((row["competency__name"], row["total"]))
    for key, competency in competencies.items():
        OJTEntry.objects.filter(
            enrollment=enrollment, status=OJTEntry.Status.PENDING, competency__key=key
        ).exclude(competency=competency).update(competency=competency)

    active = SkillSignOff.objects.filter(enrollment=enrollment, revocation__isnull=True).select_related("skill")
    for sign_off in active:
        if sign_off.skill_key in skills:
            report.mapped_sign_offs += 1
        else:
            report.unmapped_sign_offs.append(sign_off.skill.name)
    for credit in CreditedHours.objects.filter(standing__enrollment=enrollment).select_related("competency"):
        if credit.competency_key not in competencies:
            report.unmapped_credits.append(credit.competency.name)
    for credit in CreditedSkill.objects.filter(standing__enrollment=enrollment).select_related("skill"):
        if credit.skill_key not in skills:
            report.unmapped_credits.append(credit.skill.name)
    for request in SignOffRequest.objects.filter(enrollment=enrollment, status=SignOffRequest.Status.PENDING):
        if request.skill_key in skills:
            request.skill = skills[request.skill_key]
            request.save(update_fields=["skill"])
        else:
            request.status = SignOffRequest.Status.WITHDRAWN
            request.resolved_at = timezone.now()
            request.save(update_fields=["status", "resolved_at"])
            report.withdrawn_requests.append(request.skill.name)

    StatusChange.objects.create(
        sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=StatusChange.Kind.VERSION,
        effective_date=effective_date, from_value=str(old)[:100], to_value=str(version)[:100], reason=reason, by=by,
    )
    enrollment.job_book_version = version
    enrollment.save(update_fields=["job_book_version"])
    return report


def mentor_assign(*, enrollment, mentor, by, start_date=None):
    """Assign a mentor of the apprentice's employer.  Assigning a current mentor again changes nothing."""
    _check_mentor_member(mentor, enrollment.employer, field="mentor")
    with transaction.atomic():
        enrollment = _lock(enrollment)
        existing = MentorAssignment.objects.filter(enrollment=enrollment, mentor=mentor, end_date__isnull=True).first()
        if existing:
            return existing
        return MentorAssignment.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, mentor=mentor,
            start_date=start_date or today(), created_by=by,
        )


def mentor_unassign(*, assignment, by, end_date=None):
    """End a mentor assignment (kept in the history).  The last current mentor of an open enrollment stays."""
    with transaction.atomic():
        enrollment = _lock(assignment.enrollment)
        assignment = MentorAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.end_date is not None:
            return assignment
        others = MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True).exclude(pk=assignment.pk)
        if enrollment.is_open and not others.exists():
            raise ValidationError({"mentor": _("Assign another mentor first; an apprentice always has a mentor.")})
        assignment.end_date = end_date or today()
        assignment.save(update_fields=["end_date"])
    return assignment


# --- Demographics ------------------------------------------------------------------------

DEMOGRAPHIC_CHOICES = {
    "sex": Demographics.Sex,
    "ethnicity": Demographics.Ethnicity,
    "veteran_status": Demographics.Veteran,
    "education_level": Demographics.Education,
    "disability": Demographics.Disability,
    "employment_status": Demographics.Employment,
}
MINIMUM_AGE = 16


def demographics_save(*, enrollment, by, date_of_birth=None, date_of_birth_declined=False, races=(), **answers):
    """Record the voluntary registration and EEO answers of an enrollment (every question may be left
    empty or answered "prefer not to say").  Refuses unknown choices, "prefer not to say" combined
    with a race, and a date of birth in the future or under 16 years before the start date."""
    errors = {}
    for name, value in answers.items():
        if name not in DEMOGRAPHIC_CHOICES:
            raise TypeError(f"Unknown demographic field {name!r}")
        if value and value not in DEMOGRAPHIC_CHOICES[name].values:
            errors[name] = _("Choose one of the listed answers.")
    races = list(dict.fromkeys(races or []))
    if any(r not in Demographics.Race.values for r in races):
        errors["races"] = _("Choose races from the list.")
    elif Demographics.Race.PREFER_NOT in races and len(races) > 1:
        errors["races"] = _("Choose “Prefer not to say” alone, or one or more races.")
    if date_of_birth is not None:
        if date_of_birth > today():
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif add_months(date_of_birth, 12 * MINIMUM_AGE) > enrollment.start_date:
            errors["date_of_birth"] = _("An apprentice must be at least %(age)s years old at the start date.") % {
                "age": MINIMUM_AGE}
        if date_of_birth_declined:
            errors["date_of_birth"] = _("Give the date of birth or choose “Prefer not to say”, not both.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        demographics, _created = Demographics.objects.update_or_create(
            enrollment=enrollment,
            defaults={"sponsor_id": enrollment.sponsor_id, "date_of_birth": date_of_birth,
                      "date_of_birth_declined": bool(date_of_birth_declined), "races": races,
                      "updated_by": by, **{k: v or "" for k, v in answers.items()}},
        )
    return demographics


# --- OJT hours ---------------------------------------------------------------------------


def _typed_hours(value):
    """The Decimal of hours as typed, or None when it is no number.  A text longer than any hours can be
    is refused before Decimal sees it: 400 digits or 1e999999 parse, but their quarter-hour remainder
    raises instead of answering."""
    text = str(value).strip().replace(",", ".")
    if len(text) > HOURS_MAX_TYPED:
        raise ValidationError({"hours": _("Enter a number of hours up to 24.")})
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _clean_hours(value):
    hours = _typed_hours(value)
    if hours is None:
        raise ValidationError({"hours": _("Enter a number of hours, such as 8 or 7.5.")})
    if not hours.is_finite() or hours <= 0:
        raise ValidationError({"hours": _("Enter hours greater than zero.")})
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": _("A day has at most 24 hours.")})
    if hours % QUARTER:
        raise ValidationError({"hours": _("Enter hours in quarter-hour steps: .25, .5 or .75.")})
    return hours


def _check_entry(enrollment, *, date, competency, hours, note="", exclude=()):
    """Every rule of an OJT entry, all errors at once, keyed by field."""
    errors = {}
    if problem := text_problem(note):
        errors["note"] = problem
    try:
        hours = _clean_hours(hours)
    except ValidationError as error:
        errors.update(error.message_dict)
        hours = None
    if date is None:
        errors["date"] = _("Enter the date you worked.")
    elif date > today():
        errors["date"] = _("Hours cannot be logged for a future date.")
    elif date < enrollment.start_date:
        errors["date"] = _("Hours cannot be logged before your start date, %(date)s.") % {
            "date": enrollment.start_date.isoformat()}
    if competency is None:
        errors["competency"] = _("Choose a competency.")
    elif competency.version_id != enrollment.job_book_version_id:
        errors["competency"] = _("Choose a competency of your Job Book.")
    if not enrollment.can_log_hours:
        errors[NON_FIELD_ERRORS] = _("Hours cannot be logged while the enrollment is %(status)s.") % {
            "status": enrollment.get_status_display().lower()}
    if hours is not None and "date" not in errors:
        whose = (
            Q(enrollment__apprentice=enrollment.apprentice_id) if enrollment.apprentice_id else Q(enrollment=enrollment)
        )
        same_day = OJTEntry.objects.filter(
            whose,
            date=date, status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED],
        ).exclude(pk__in=[pk for pk in exclude if pk]).exclude(corrections__status=OJTEntry.Status.APPROVED)
        logged = same_day.aggregate(total=Sum("hours"))["total"] or Decimal(0)
        if logged + hours > MAX_HOURS_PER_DAY:
            errors["hours"] = _(
                "%(logged)s hours are already logged on %(date)s; a day has at most 24 hours, so at most %(left)s more."
            ) % {"logged": _fmt(logged), "date": date.isoformat(), "left": _fmt(MAX_HOURS_PER_DAY - logged)}
    if errors:
        raise ValidationError(errors)
    return hours


def _fmt(hours):
    return f"{hours.normalize():f}"


def _check_own(enrollment, by):
    if enrollment.apprentice is None or enrollment.apprentice.user_id != by.pk:
        raise ValidationError(_("Only the apprentice logs and changes their own hours."))


def hours_log(*, enrollment, by, date, competency, hours, note=""):
    """Log OJT hours for a day against a competency of the enrollment's Job Book version; the entry
    waits for a mentor's approval.  Refuses (keyed by field): hours not > 0 or not in quarter-hour
    steps, more than 24 h that day across the apprentice's pending and approved entries, a future date,
    a date before the start, a competency of another version, a note over 2,000 characters, and an
    enrollment that is not on probation or active.  Runs under a lock on the enrollment so two quick
    submissions are checked against each other."""
    with transaction.atomic():
        enrollment = _lock(enrollment)
        _check_own(enrollment, by)
        hours = _check_entry(enrollment, date=date, competency=competency, hours=hours, note=note)
        entry = OJTEntry.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, date=date, competency=competency, hours=hours,
            note=(note or "").strip(), created_by=by,
        )
        # A new pending entry moves only the last day logged, and only forward: no need to recompute
        # (the enrollment row is locked, so the stored key is current).
        if enrollment.last_logged is None or date > enrollment.last_logged:
            Enrollment.objects.filter(pk=enrollment.pk).update(last_logged=date)
    return entry


def _locked_pending_entry(entry, by):
    entry = OJTEntry.objects.select_for_update(of=("self",)).select_related("enrollment__apprentice").get(pk=entry.pk)
    _check_own(entry.enrollment, by)
    if entry.status != OJTEntry.Status.PENDING:
        raise ValidationError(
            _("This entry is %(status)s and can no longer change.") % {"status": entry.get_status_display().lower()}
        )
    return entry


def hours_update(*, entry, by, date, competency, hours, note=""):
    """Edit a pending entry (the apprentice's own) under the same rules as hours_log."""
    with transaction.atomic():
        enrollment = _lock(entry.enrollment)
        entry = _locked_pending_entry(entry, by)
        hours = _check_entry(enrollment, date=date, competency=competency, hours=hours, note=note,
                             exclude=[entry.pk, entry.corrects_id])
        entry.date, entry.competency, entry.hours, entry.note = date, competency, hours, (note or "").strip()
        entry.save(update_fields=["date", "competency", "hours", "note", "updated_at"])
        refresh_roster_keys([enrollment.pk])
    return entry


def hours_withdraw(*, entry, by):
    """Withdraw a pending entry (the apprentice's own); it stays in the record as withdrawn."""
    with transaction.atomic():
        _lock_enrollments_of([entry.pk])
        entry = _locked_pending_entry(entry, by)
        entry.status = OJTEntry.Status.WITHDRAWN
        entry.save(update_fields=["status", "updated_at"])
        refresh_roster_keys([entry.enrollment_id])
    return entry


def hours_correct(*, entry, by, reason, date, competency, hours, note=""):
    """Correct an approved entry: a new pending entry linked to it, with a reason.  Once a mentor
    approves the correction it replaces the original in every total; the original never changes.
    Refuses a correction of a non-approved entry, a second pending correction of the same entry, and
    a correction of an entry already replaced."""
    reason = _require_reason(reason, message=_("Say what was wrong with the approved entry."))
    with transaction.atomic():
        enrollment = _lock(entry.enrollment)
        _check_own(enrollment, by)
        original = OJTEntry.objects.get(pk=entry.pk)
        if original.status != OJTEntry.Status.APPROVED:
            raise ValidationError(_("Only an approved entry is corrected; edit or withdraw a pending one."))
        if original.corrections.filter(status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED]).exists():
            raise ValidationError(_("This entry already has a correction; correct that one instead."))
        hours = _check_entry(enrollment, date=date, competency=competency, hours=hours, note=note,
                             exclude=[original.pk])
        correction = OJTEntry.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, date=date, competency=competency, hours=hours,
            note=(note or "").strip(), corrects=original, correction_reason=reason, created_by=by,
        )
        refresh_roster_keys([enrollment.pk])
    return correction


APPROVAL_MEANING = "I approve these on-the-job training hours as worked and observed."


def _decidable(mentor, entry_ids):
    if mentor.role != Role.MENTOR or not mentor.is_active:
        raise ValidationError(_("Only an active mentor approves or rejects hours."))
    _lock_enrollments_of(entry_ids)
    entries = list(
        OJTEntry.objects.select_for_update(of=("self",)).filter(pk__in=entry_ids).order_by("pk")
        .select_related("enrollment__apprentice", "competency")
    )
    assigned = set(
        MentorAssignment.objects.filter(
            mentor=mentor, end_date__isnull=True, enrollment__in={e.enrollment_id for e in entries}
        ).values_list("enrollment_id", flat=True)
    )
    for entry in entries:
        if entry.enrollment_id not in assigned:
            raise ValidationError(
                _("You are not a current mentor of %(name)s.") % {"name": entry.enrollment.full_name}
            )
        if entry.created_by_id == mentor.user_id or (
            entry.enrollment.apprentice and entry.enrollment.apprentice.user_id == mentor.user_id
        ):
            raise ValidationError(_("You cannot approve or reject your own hours."))
    # Entries already decided (a double click, another mentor first) are skipped, not decided twice.
    return [e for e in entries if e.status == OJTEntry.Status.PENDING]


def hours_approve(*, mentor, entries):
    """Approve pending entries (objects or ids) of apprentices the mentor is currently assigned to,
    with one signature whose content lists every approved entry.  The entries are locked first, so
    two mentors at once or a double click approve each entry exactly once; entries no longer pending
    are skipped.  Refuses the whole batch if any entry is the mentor's own or of an apprentice not
    assigned to them.  Returns the entries approved by this call."""
    ids = [getattr(e, "pk", e) for e in entries]
    with transaction.atomic():
        pending = _decidable(mentor, ids)
        if not pending:
            return []
        signature = sign(
            sponsor=mentor.sponsor_id, signer=mentor.user, meaning=APPROVAL_MEANING,
            content={"action": "approve_ojt_hours", "entries": [
                {"id": e.pk, "apprentice": e.enrollment.full_name, "date": e.date.isoformat(),
                 "competency": e.competency.key, "competency_name": e.competency.name, "hours": str(e.hours)}
                for e in pending
            ]},
        )
        now = timezone.now()
        OJTEntry.objects.filter(pk__in=[e.pk for e in pending], status=OJTEntry.Status.PENDING).update(
            status=OJTEntry.Status.APPROVED, signature=signature, decided_by=mentor, decided_at=now, updated_at=now,
        )
        for entry in pending:
            entry.status, entry.signature, entry.decided_by, entry.decided_at = (
                OJTEntry.Status.APPROVED, signature, mentor, now)
        refresh_roster_keys({e.enrollment_id for e in pending})
    return pending


def hours_reject(*, mentor, entries, reason):
    """Reject pending entries with a reason the apprentice sees, under the same rules as hours_approve.
    Returns the entries rejected by this call."""
    reason = _require_reason(reason, message=_("Tell the apprentice why the hours are rejected."))
    ids = [getattr(e, "pk", e) for e in entries]
    with transaction.atomic():
        pending = _decidable(mentor, ids)
        now = timezone.now()
        OJTEntry.objects.filter(pk__in=[e.pk for e in pending], status=OJTEntry.Status.PENDING).update(
            status=OJTEntry.Status.REJECTED, decided_by=mentor, decided_at=now, decision_reason=reason, updated_at=now,
        )
        for entry in pending:
            entry.status, entry.decided_by, entry.decided_at, entry.decision_reason = (
                OJTEntry.Status.REJECTED, mentor, now, reason)
        refresh_roster_keys({e.enrollment_id for e in pending})
    return pending


# --- Skill sign-off ----------------------------------------------------------------------


def _check_skill(enrollment, skill, field="skill"):
    if skill is None or skill.competency.version_id != enrollment.job_book_version_id:
        raise ValidationError({field: _("Choose a skill of the apprentice's Job Book.")})


def _active_sign_off(enrollment, skill_key):
    return SkillSignOff.objects.filter(enrollment=enrollment, skill_key=skill_key, revocation__isnull=True).first()


def sign_off_request(*, enrollment, by, skill, mentor=None, note=""):
    """The apprentice asks (one of) their mentor(s) to observe and sign off a skill.  Refuses a skill
    already signed off or already requested, and a mentor not assigned to them."""
    note = clean_text(note, field="note")
    with transaction.atomic():
        enrollment = _lock(enrollment)
        if enrollment.apprentice is None or enrollment.apprentice.user_id != by.pk:
            raise ValidationError(_("Only the apprentice asks for their own sign-offs."))
        if not enrollment.is_open or enrollment.status == Status.SUSPENDED:
            raise ValidationError(_("Sign-offs cannot be requested while the enrollment is %(status)s.")
                                  % {"status": enrollment.get_status_display().lower()})
        _check_skill(enrollment, skill)
        if mentor is not None and mentor.pk not in current_mentor_ids(enrollment):
            raise ValidationError({"mentor": _("Choose one of your mentors.")})
        if _active_sign_off(enrollment, skill.key):
            raise ValidationError({"skill": _("“%(skill)s” is already signed off.") % {"skill": skill.name}})
        if SignOffRequest.objects.filter(
            enrollment=enrollment, skill_key=skill.key, status=SignOffRequest.Status.PENDING
        ).exists():
            raise ValidationError(
                {"skill": _("You already asked for a sign-off of “%(skill)s”.") % {"skill": skill.name}}
            )
        return SignOffRequest.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, skill=skill, skill_key=skill.key, mentor=mentor,
            note=note, requested_by=by,
        )


def sign_off_request_withdraw(*, request, by):
    """The apprentice withdraws a pending sign-off request; doing it twice changes nothing."""
    with transaction.atomic():
        request = SignOffRequest.objects.select_for_update(of=("self",)).select_related("enrollment__apprentice").get(
            pk=request.pk)
        if request.enrollment.apprentice is None or request.enrollment.apprentice.user_id != by.pk:
            raise ValidationError(_("Only the apprentice withdraws their own request."))
        if request.status == SignOffRequest.Status.PENDING:
            request.status = SignOffRequest.Status.WITHDRAWN
            request.resolved_at = timezone.now()
            request.save(update_fields=["status", "resolved_at"])
    return request


def password_recently_confirmed(confirmed_at):
    return confirmed_at is not None and timezone.now() - confirmed_at <= PASSWORD_CONFIRMATION_WINDOW


def skill_sign_off(*, enrollment, skill, mentor, level, observed_on, comment="", password_confirmed_at=None):
    """A mentor's signed statement that the apprentice mastered `skill` (SkillSignOff.MEANING).

    `password_confirmed_at` is when the view last checked the mentor's password; it must be within the
    last five minutes.  Refuses a mentor not currently assigned (or signing their own skill), a level
    off the scale, an observation date in the future or before the start, an enrollment that is not on
    probation or active, and a skill with an active sign-off: under the enrollment's row lock and the
    (enrollment, skill, attempt) unique constraint, two sign-offs at once make exactly one.  Pending
    requests for the skill are fulfilled."""
    errors = {}
    if problem := text_problem(comment):
        errors["comment"] = problem
    if not password_recently_confirmed(password_confirmed_at):
        errors["password"] = _("Confirm your password to sign; it is asked again after 5 minutes.")
    try:
        level = SignOffLevel(int(level))
    except (TypeError, ValueError):
        errors["level"] = _("Choose a level on the scale.")
    if observed_on is None:
        errors["observed_on"] = _("Enter the date you observed the skill.")
    elif observed_on > today():
        errors["observed_on"] = _("The observation date cannot be in the future.")
    elif observed_on < enrollment.start_date:
        errors["observed_on"] = _("The observation date is before the apprentice's start date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enrollment = _lock(enrollment)
        _check_skill(enrollment, skill)
        if mentor.role != Role.MENTOR or not mentor.is_active or mentor.pk not in current_mentor_ids(enrollment):
            raise ValidationError(_("Only a current mentor of %(name)s signs off their skills.")
                                  % {"name": enrollment.full_name})
        if enrollment.apprentice and enrollment.apprentice.user_id == mentor.user_id:
            raise ValidationError(_("You cannot sign off your own skills."))
        if enrollment.status not in Enrollment.LOGGING_STATUSES:
            raise ValidationError(_("Skills cannot be signed off while the enrollment is %(status)s.")
                                  % {"status": enrollment.get_status_display().lower()})
        if _active_sign_off(enrollment, skill.key):
            raise ValidationError({"skill": _("“%(skill)s” is already signed off.") % {"skill": skill.name}})
        attempt = SkillSignOff.objects.filter(enrollment=enrollment, skill_key=skill.key).count()
        try:
            with transaction.atomic():
                signature = sign(
                    sponsor=enrollment.sponsor_id, signer=mentor.user, meaning=SkillSignOff.MEANING,
                    password_confirmed_at=password_confirmed_at,
                    content={"action": "skill_sign_off", "enrollment": enrollment.pk,
                             "apprentice": enrollment.full_name, "skill": skill.key, "skill_name": skill.name,
                             "level": int(level), "observed_on": observed_on.isoformat(), "comment": comment or ""},
                )
                sign_off = SkillSignOff.objects.create(
                    sponsor_id=enrollment.sponsor_id, enrollment=enrollment, skill=skill, skill_key=skill.key,
                    attempt=attempt, mentor=mentor, level=level, comment=(comment or "").strip(),
                    observed_on=observed_on, signature=signature,
                )
        except IntegrityError:
            raise ValidationError({"skill": _("“%(skill)s” is already signed off.") % {"skill": skill.name}}) from None
        SignOffRequest.objects.filter(
            enrollment=enrollment, skill_key=skill.key, status=SignOffRequest.Status.PENDING
        ).update(status=SignOffRequest.Status.FULFILLED, sign_off=sign_off, resolved_at=timezone.now())
    return sign_off


REVOCATION_MEANING = "I revoke this sign-off for the reason given."


def sign_off_revoke(*, sign_off, by, reason, password_confirmed_at=None):
    """Revoke a sign-off with a reason: a new signed record; the sign-off itself is kept.  `by` is a
    current mentor of the apprentice or sponsor staff.  Revoking twice is refused."""
    reason = _require_reason(reason)
    with transaction.atomic():
        enrollment = _lock(sign_off.enrollment)
        sign_off = SkillSignOff.objects.select_related("skill").get(pk=sign_off.pk)
        if not (by.is_active and by.can("skills.revoke") and (
            by.role != Role.MENTOR or by.pk in current_mentor_ids(enrollment)
        )):
            raise ValidationError(_("Only a current mentor of the apprentice or the sponsor admin revoke a sign-off."))
        if SignOffRevocation.objects.filter(sign_off=sign_off).exists():
            raise ValidationError(_("This sign-off is already revoked."))
        signature = sign(
            sponsor=enrollment.sponsor_id, signer=by.user, meaning=REVOCATION_MEANING,
            content={"action": "revoke_sign_off", "sign_off": sign_off.pk, "skill": sign_off.skill_key,
                     "skill_name": sign_off.skill.name, "reason": reason},
        )
        return SignOffRevocation.objects.create(
            sponsor_id=enrollment.sponsor_id, sign_off=sign_off, reason=reason, by=by.user, signature=signature
        )


# --- Advanced standing -------------------------------------------------------------------


def advanced_standing_request(*, enrollment, by, basis, description, evidence=None, hours=None, skills=()):
    """The employer asks the sponsor to credit prior learning: `hours` ({competency: hours}) and/or
    `skills` of the enrollment's Job Book version, with a basis, a description and an evidence file
    (checked by its content and stored under a name of the server's).  Credited hours of a competency
    may not exceed its target hours."""
    hours = {c: v for c, v in (hours or {}).items() if v not in (None, "", 0)}
    skills = list(skills or [])
    errors = {}
    if basis not in AdvancedStanding.Basis.values:
        errors["basis"] = _("Choose the basis of the credit.")
    if not (description or "").strip():
        errors["description"] = _("Describe the prior experience, course or credential.")
    elif problem := text_problem(description, DESCRIPTION_MAX_LENGTH):
        errors["description"] = problem
    if not evidence:
        errors["evidence"] = _("Attach the evidence: a certificate, transcript or letter.")
    else:
        try:
            content_type = evidence_content_type(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if not hours and not skills:
        errors[NON_FIELD_ERRORS] = _("Credit some hours, some skills, or both.")
    cleaned = {}
    for competency, value in hours.items():
        if competency.version_id != enrollment.job_book_version_id:
            errors["hours"] = _("Choose competencies of the apprentice's Job Book.")
            continue
        too_much = _("“%(name)s” has a target of %(target)s hours; credit at most that.") % {
            "name": competency.name, "target": competency.target_hours}
        try:
            amount = _typed_hours(value)
        except ValidationError:
            errors["hours"] = too_much
            continue
        if amount is None or not amount.is_finite() or amount <= 0:
            errors["hours"] = _("Enter credited hours greater than zero in quarter-hour steps.")
        elif amount > competency.target_hours:
            errors["hours"] = too_much
        elif amount % QUARTER:
            errors["hours"] = _("Enter credited hours greater than zero in quarter-hour steps.")
        cleaned[competency] = amount
    for skill in skills:
        if skill.competency.version_id != enrollment.job_book_version_id:
            errors["skills"] = _("Choose skills of the apprentice's Job Book.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enrollment = _lock(enrollment)
        standing = AdvancedStanding(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, basis=basis, description=description.strip(),
            requested_by=by,
        )
        standing.evidence.save(server_name(content_type), evidence, save=False)
        standing.save()
        CreditedHours.objects.bulk_create([
            CreditedHours(sponsor_id=enrollment.sponsor_id, standing=standing, competency=c, competency_key=c.key,
                          hours=amount)
            for c, amount in cleaned.items()
        ])
        CreditedSkill.objects.bulk_create([
            CreditedSkill(sponsor_id=enrollment.sponsor_id, standing=standing, skill=s, skill_key=s.key)
            for s in {s.pk: s for s in skills}.values()
        ])
    return standing


STANDING_MEANING = "I decide this request for advanced standing as recorded."


def advanced_standing_decide(*, standing, by, approve, note=""):
    """Sponsor staff (`by`, a Membership) approve or reject a pending request, signed, with a note
    (required to reject).  Approved credit counts in progress as credited, never as signed off."""
    note = clean_text(note, field="decision_note")
    if not (by.is_active and by.is_sponsor_staff):
        raise ValidationError(_("Only sponsor staff decide advanced standing."))
    if not approve and not note:
        raise ValidationError({"decision_note": _("Say why the credit is not granted.")})
    with transaction.atomic():
        _lock(standing.enrollment)
        standing = AdvancedStanding.objects.select_for_update().get(pk=standing.pk)
        if standing.status != AdvancedStanding.Status.PENDING:
            raise ValidationError(_("This request was already %(status)s.")
                                  % {"status": standing.get_status_display().lower()})
        status = AdvancedStanding.Status.APPROVED if approve else AdvancedStanding.Status.REJECTED
        standing.signature = sign(
            sponsor=standing.sponsor_id, signer=by.user, meaning=STANDING_MEANING,
            content={"action": "advanced_standing", "standing": standing.pk, "decision": status,
                     "hours": [(h.competency_key, str(h.hours)) for h in standing.hours.all()],
                     "skills": [s.skill_key for s in standing.skills.all()], "note": note},
        )
        standing.status = status
        standing.decided_by = by.user
        standing.decided_at = timezone.now()
        standing.decision_note = note
        standing.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "signature"])
        refresh_roster_keys([standing.enrollment_id])
    return standing
