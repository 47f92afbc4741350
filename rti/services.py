"""State-changing actions on RTI: the catalog, providers, sections, rosters, results and prior-course credit.

Each function is one transaction and the only way to perform its action.  `by` is the acting member;
each action checks the permission its page declares for writing (imt/permissions.require), and the record
against the member's visibility rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imt.evidence import evidence_content_type
from imt.models import User
from imt.permissions import Role, require
from imt.text import NOTE_MAX_LENGTH, clean_text, text_problem
from imt.uploads import server_name
from programs.models import Membership, Program, Sponsor
from rti import selectors
from rti.models import (
    PASSING_GRADES,
    Course,
    PriorCourseCredit,
    ProgramCourseRequirement,
    Provider,
    ResultChange,
    Section,
    SectionEnrollment,
)
from rti.standard import IMT_COURSES, IMT_REQUIRED_COURSES

RESULT_FIELDS = ("attended_hours", "grade", "completed_on", "hours_reason")
SHORT_TEXT = 300  # the result's note and a correction's reason, a decision's note (CharFields of 300)


def require_apprentice(by: Membership, permission: str, apprentice: Membership) -> None:
    """Refuse (PermissionDenied) unless `by` holds `permission` and may see `apprentice`'s records: the
    check of imt.permissions.require for an apprentice named by a form rather than by the URL."""
    require(by, permission)
    if not selectors.is_visible_apprentice(by, apprentice):
        raise PermissionDenied(_("This record is not one of yours to change."))


def _require_own_sponsor(by: Membership, *records: Any) -> None:
    """Records chosen in a form (course, provider, instructor …) belong to the acting member's sponsor."""
    if any(record.sponsor_id != by.sponsor_id for record in records):
        raise PermissionDenied(_("This record is not one of yours to change."))


# --- Catalog ---------------------------------------------------------------


def course_create(*, by: Membership, name: str, hours: Decimal, description: str = "") -> Course:
    """Add a course to the catalog of the acting member's sponsor."""
    require(by, "rti.manage")
    return Course.objects.create(sponsor_id=by.sponsor_id, name=name, hours=hours, description=description)


def course_update(*, course: Course, by: Membership, name: str, hours: Decimal, description: str = "") -> Course:
    require(by, "rti.manage", course)
    course.name, course.hours, course.description = name, hours, description
    course.save(update_fields=["name", "hours", "description"])
    return course


def course_retire(*, course: Course, by: Membership) -> Course:
    """Retire a course: it stays on transcripts but no new section or credit can use it."""
    require(by, "rti.manage", course)
    if course.retired_at is None:
        course.retired_at = timezone.now()
        course.save(update_fields=["retired_at"])
    return course


def course_restore(*, course: Course, by: Membership) -> Course:
    require(by, "rti.manage", course)
    course.retired_at = None
    course.save(update_fields=["retired_at"])
    return course


# --- Providers -------------------------------------------------------------

PROVIDER_FIELDS = ("name", "kind", "city", "state", "contact_name", "contact_email", "contact_phone")


def provider_create(*, by: Membership, name: str, **details: str) -> Provider:
    """Add a provider (`details`: kind, city, state, contact_name, contact_email, contact_phone)."""
    require(by, "rti.manage")
    unknown = set(details) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Not a provider's field: {', '.join(sorted(unknown))}")
    return Provider.objects.create(sponsor_id=by.sponsor_id, name=name, **details)


def provider_update(*, provider: Provider, by: Membership, **changes: str) -> Provider:
    """Change a provider's name, kind, place or contact (the fields of PROVIDER_FIELDS)."""
    require(by, "rti.manage", provider)
    unknown = set(changes) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Not a provider's field: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(provider, field, value)
    provider.save(update_fields=list(changes))
    return provider


# --- Sections --------------------------------------------------------------

SECTION_FIELDS = ("course", "provider", "mode", "starts_on", "ends_on", "schedule", "instructor", "capacity")


def _check_section(section: Section) -> None:
    if section.instructor.role != Role.INSTRUCTOR or not section.instructor.is_active:
        raise ValidationError({"instructor": _("Choose an active instructor of this sponsor.")})
    if section.ends_on < section.starts_on:
        raise ValidationError({"ends_on": _("The section cannot end before it starts.")})


def section_create(*, by: Membership, course: Course, provider: Provider, instructor: Membership,
                   starts_on: datetime.date, ends_on: datetime.date, **details: Any) -> Section:
    """Offer a course: a section with its provider, instructor, dates and seats (`details`: mode, schedule,
    capacity)."""
    require(by, "rti.manage")
    _require_own_sponsor(by, course, provider, instructor)
    section = Section(sponsor_id=by.sponsor_id, course=course, provider=provider, instructor=instructor,
                      starts_on=starts_on, ends_on=ends_on)
    for field, value in details.items():
        if field not in SECTION_FIELDS:
            raise TypeError(f"Not a section's field: {field}")
        setattr(section, field, value)
    _check_section(section)
    section.save()
    return section


def section_update(*, section: Section, by: Membership, **changes: Any) -> Section:
    """Change a section (the fields of SECTION_FIELDS); its capacity never below the apprentices enrolled."""
    require(by, "rti.manage", section)
    for field, value in changes.items():
        if field not in SECTION_FIELDS:
            raise TypeError(f"Not a section's field: {field}")
        setattr(section, field, value)
    _require_own_sponsor(by, section.course, section.provider, section.instructor)
    _check_section(section)
    with transaction.atomic():
        enrolled = SectionEnrollment.objects.filter(section=section).count()
        if section.capacity < enrolled:
            raise ValidationError({"capacity": _("%(n)d apprentices are already enrolled; the capacity cannot be "
                                                 "lower.") % {"n": enrolled}})
        section.save()
    return section


def _check_apprentice(section: Section, apprentice: Membership) -> None:
    if apprentice.sponsor_id != section.sponsor_id or apprentice.role != Role.APPRENTICE or not apprentice.is_active:
        raise ValidationError(_("%(name)s is not an active apprentice of this sponsor.") % {"name": apprentice.user})


def section_enroll(
    *, section: Section, apprentices: Iterable[Membership], by: Membership
) -> list[SectionEnrollment]:
    """Put apprentices on a section's roster, all or none.

    Refuses, with a message naming them, apprentices already on the roster and more apprentices
    than the seats left.  The section row is locked so two people enrolling at once cannot
    overfill it.
    """
    require(by, "rti.manage", section)
    apprentices = list(dict.fromkeys(apprentices))
    if not apprentices:
        raise ValidationError(_("Choose at least one apprentice to enroll."))
    with transaction.atomic():
        section = Section.objects.select_for_update().get(pk=section.pk)
        for apprentice in apprentices:
            _check_apprentice(section, apprentice)
        already = set(
            SectionEnrollment.objects.filter(section=section, apprentice__in=apprentices).values_list(
                "apprentice_id", flat=True
            )
        )
        if already:
            names = ", ".join(str(a.user) for a in apprentices if a.pk in already)
            raise ValidationError(_("Already enrolled in this section: %(names)s.") % {"names": names})
        seats_left = section.capacity - SectionEnrollment.objects.filter(section=section).count()
        if len(apprentices) > seats_left:
            raise ValidationError(
                _("This section has %(left)d of %(capacity)d seats left; you chose %(chosen)d apprentices.")
                % {"left": max(seats_left, 0), "capacity": section.capacity, "chosen": len(apprentices)}
            )
        try:
            return [
                SectionEnrollment.objects.create(
                    sponsor_id=section.sponsor_id, section=section, apprentice=apprentice, enrolled_by=by.user
                )
                for apprentice in apprentices
            ]
        except IntegrityError:  # a concurrent request enrolled the same apprentice first
            raise ValidationError(_("One of these apprentices was enrolled a moment ago; reload the roster.")) from None


def section_unenroll(*, enrollment: SectionEnrollment, by: Membership) -> SectionEnrollment:
    """Take an apprentice off a roster; only while no result is recorded."""
    require(by, "rti.manage", enrollment)
    if enrollment.recorded_at is not None:
        raise ValidationError(_("A result is recorded for %(name)s; correct the result instead.")
                              % {"name": enrollment.apprentice.user})
    enrollment.delete()
    return enrollment


def result_errors(
    enrollment: SectionEnrollment, values: Mapping[str, Any], reason: str | None, today: datetime.date | None = None
) -> dict[str, str]:
    """The rule violations of `values` for `enrollment`, as {field: message}; empty when they may be recorded."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    hours, grade, completed_on = values.get("attended_hours"), values.get("grade"), values.get("completed_on")
    course_hours = enrollment.section.course.hours
    if hours is not None and hours < 0:
        errors["attended_hours"] = _("Hours cannot be negative.")
    elif hours is not None and hours > course_hours and hours != enrollment.attended_hours:
        # A course has its hours; more cannot be attended, whatever the note says.  A value recorded
        # under the earlier rule (more, with a reason) is left as it is until someone changes it.
        errors["attended_hours"] = _(
            "%(hours)s h is more than the course's %(course)s h; record at most %(course)s h."
        ) % {"hours": hours, "course": course_hours}
    for field, text in (("hours_reason", values.get("hours_reason")), ("reason", reason)):
        if problem := text_problem(text, SHORT_TEXT):
            errors[field] = problem
    if completed_on is not None and completed_on > today:
        errors["completed_on"] = _("The completion date cannot be in the future.")
    elif completed_on is not None and grade not in PASSING_GRADES:
        errors["completed_on"] = _("A course is completed only with a passing result (A, B, C or Pass).")
    if enrollment.completed_on is not None and _changed(enrollment, values) and not (reason or "").strip():
        errors["reason"] = _("This result was completed; give a reason for the correction.")
    return errors


def _snapshot(enrollment: SectionEnrollment) -> dict[str, Any]:
    return {
        "attended_hours": str(enrollment.attended_hours) if enrollment.attended_hours is not None else None,
        "grade": enrollment.grade,
        "completed_on": enrollment.completed_on.isoformat() if enrollment.completed_on else None,
        "hours_reason": enrollment.hours_reason,
    }


def _normalized(values: Mapping[str, Any]) -> dict[str, Any]:
    hours = values.get("attended_hours")
    return {
        "attended_hours": None if hours is None or hours == "" else Decimal(hours),
        "grade": values.get("grade") or "",
        "completed_on": values.get("completed_on"),
        "hours_reason": (values.get("hours_reason") or "").strip(),
    }


def _changed(enrollment: SectionEnrollment, values: Mapping[str, Any]) -> bool:
    normalized = _normalized(values)
    return any(getattr(enrollment, field) != normalized[field] for field in RESULT_FIELDS)


class SectionResultsError(ValidationError):
    """Some rows of a results grid broke a rule: `row_errors` maps enrollment id to {field: message}."""

    def __init__(self, row_errors: dict[int, dict[str, str]]) -> None:
        self.row_errors = row_errors
        super().__init__(_("Nothing was saved: correct the rows marked below."))


def section_results_record(
    *, section: Section, results: Mapping[int, Mapping[str, Any]], by: Membership, today: datetime.date | None = None
) -> int:
    """Record the results of a section's grid, all rows or none.

    `results` maps each SectionEnrollment id to {attended_hours, grade, completed_on, hours_reason,
    reason}.  Unchanged rows are left alone; each changed row leaves a ResultChange with the values
    it replaced.  Raises SectionResultsError naming every row that breaks a rule.
    Returns the number of rows changed.
    """
    require(by, "rti.record_results", section)
    with transaction.atomic():
        enrollments = {
            e.pk: e for e in SectionEnrollment.objects.select_for_update(of=("self",))
            .select_related("section__course").filter(section=section, pk__in=list(results))
        }
        row_errors: dict[int, dict[str, str]] = {}
        changes: list[tuple[SectionEnrollment, dict[str, Any], str]] = []
        for pk, raw in results.items():
            enrollment = enrollments.get(int(pk))
            if enrollment is None:
                continue
            values = _normalized(raw)
            errors = result_errors(enrollment, values, raw.get("reason"), today=today)
            if errors:
                row_errors[enrollment.pk] = errors
            elif _changed(enrollment, values):
                changes.append((enrollment, values, (raw.get("reason") or "").strip()))
        if row_errors:
            raise SectionResultsError(row_errors)
        for enrollment, values, reason in changes:
            result_write(enrollment=enrollment, values=values, by=by.user, reason=reason)
        return len(changes)


def result_write(
    *, enrollment: SectionEnrollment, values: Mapping[str, Any], by: User, reason: str = ""
) -> SectionEnrollment:
    """Write a result (values already checked): first the ResultChange that records it, then the seat's
    copy of it.  The database refuses a change of a seat's result that does not match the newest
    ResultChange of the seat (rti/protected.py), so a result is never rewritten without its history line.

    Checks no permission: section_results_record, which checks the values and the recorder, writes through it."""
    now = timezone.now()
    before = _snapshot(enrollment)
    for field in RESULT_FIELDS:
        setattr(enrollment, field, values[field])
    enrollment.recorded_by, enrollment.recorded_at = by, now
    ResultChange.objects.create(
        sponsor_id=enrollment.sponsor_id, enrollment=enrollment, changed_by=by, changed_at=now, reason=reason,
        before=before, after=_snapshot(enrollment), **{field: values[field] for field in RESULT_FIELDS},
    )
    enrollment.save(update_fields=[*RESULT_FIELDS, "recorded_by", "recorded_at"])
    return enrollment


def credit_request(
    *, apprentice: Membership, course: Course, institution: str, taken_title: str, completed_on: datetime.date,
    hours: Decimal, evidence: UploadedFile | None, by: Membership, basis: str = "",
) -> PriorCourseCredit:
    """Ask for credit for a course taken elsewhere.  The evidence file is checked by its content and stored
    under a name of the server's; the uploader's file name is kept only to be shown to the reviewer."""
    require_apprentice(by, "rti.request_credit", apprentice)
    errors: dict[str, Any] = {}
    content_type = evidence_name = ""
    if apprentice.role != Role.APPRENTICE:
        errors["apprentice"] = _("Choose an apprentice.")
    if course.sponsor_id != apprentice.sponsor_id or course.is_retired:
        errors["course"] = _("Choose a current course of the catalog.")
    if completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = _("The completion date cannot be in the future.")
    if hours is not None and hours <= 0:
        errors["hours"] = _("Enter the hours of the course taken, above zero.")
    for field, text, limit in (("institution", institution, 200), ("taken_title", taken_title, 200),
                               ("basis", basis, NOTE_MAX_LENGTH)):
        if problem := text_problem(text, limit):
            errors[field] = problem
    if evidence is None:
        errors["evidence"] = _("Attach the transcript or certificate of the course taken.")
    else:
        evidence_name = (evidence.name or "")[:200]
        try:
            content_type = evidence_content_type(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if not errors and PriorCourseCredit.objects.filter(apprentice=apprentice, course=course).exclude(
        status=PriorCourseCredit.Status.REJECTED
    ).exists():
        errors["course"] = _("Credit for this course was already requested or granted.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        credit = PriorCourseCredit(
            sponsor_id=apprentice.sponsor_id, apprentice=apprentice, course=course, institution=institution,
            taken_title=taken_title, completed_on=completed_on, hours=hours, basis=basis, requested_by=by.user,
            evidence_name=evidence_name, evidence_content_type=content_type,
        )
        credit.evidence.save(server_name(content_type), evidence, save=False)
        credit.save()
        return credit


def credit_decide(
    *, credit: PriorCourseCredit, approve: bool, by: Membership, credited_hours: Decimal | None = None, note: str = ""
) -> PriorCourseCredit:
    """Credit a prior course (up to the catalog course's hours) or refuse it; a decision is final."""
    require(by, "rti.decide_credit", credit)
    note = clean_text(note, field="decision_note", limit=SHORT_TEXT)
    with transaction.atomic():
        credit = PriorCourseCredit.objects.select_for_update().select_related("course").get(pk=credit.pk)
        if credit.status != PriorCourseCredit.Status.PENDING:
            raise ValidationError(_("This request was already decided."))
        if approve:
            hours = credited_hours if credited_hours is not None else min(credit.hours, credit.course.hours)
            if hours <= 0 or hours > credit.course.hours:
                raise ValidationError({"credited_hours": _("Credit between 0.5 and %(max)s hours.")
                                       % {"max": credit.course.hours}})
            credit.credited_hours = hours
            credit.status = PriorCourseCredit.Status.APPROVED
        else:
            if not note.strip():
                raise ValidationError({"decision_note": _("Say why the course is not credited.")})
            credit.status = PriorCourseCredit.Status.REJECTED
        credit.decided_by, credit.decided_at, credit.decision_note = by.user, timezone.now(), note.strip()
        credit.save()
        return credit


# --- Seeding and requirements ---------------------------------------------


def requirements_set(*, program: Program, courses: Iterable[Course], by: Membership) -> None:
    """Make `courses` the required courses of `program` (credentials.services.requirements_set sets both the
    courses and the credentials a program requires)."""
    require(by, "programs.manage")
    _require_own_sponsor(by, program, *courses)
    _requirements_write(program=program, courses=courses)


def _requirements_write(*, program: Program, courses: Iterable[Course]) -> None:
    with transaction.atomic():
        wanted = {c.pk for c in courses}
        ProgramCourseRequirement.objects.filter(program=program).exclude(course__in=wanted).delete()
        have = set(ProgramCourseRequirement.objects.filter(program=program).values_list("course_id", flat=True))
        for pk in wanted - have:
            ProgramCourseRequirement.objects.create(sponsor_id=program.sponsor_id, program=program, course_id=pk)


def catalog_seed(*, sponsor: Sponsor) -> None:
    """Add the 14 courses of the IMT standard catalog (264 h) that the sponsor does not have yet."""
    existing = set(Course.objects.filter(sponsor=sponsor).values_list("name", flat=True))
    for name, hours in IMT_COURSES:
        if name not in existing:
            Course.objects.create(sponsor=sponsor, name=name, hours=Decimal(hours))


def program_requirements_seed(*, program: Program) -> None:
    """Give a program without required courses those of the IMT standard."""
    if ProgramCourseRequirement.objects.filter(program=program).exists():
        return
    catalog_seed(sponsor=program.sponsor)
    courses = Course.objects.filter(sponsor=program.sponsor, name__in=IMT_REQUIRED_COURSES)
    _requirements_write(program=program, courses=courses)
