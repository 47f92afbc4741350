"""Rosters and results: who sits in a section, and what they attained (with its history)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imt.models import User
from imt.permissions import Role, require
from imt.text import text_problem
from programs.models import Membership
from rti.models import PASSING_GRADES, ResultChange, Section, SectionEnrollment

RESULT_FIELDS = ("attended_hours", "grade", "completed_on", "hours_reason")
SHORT_TEXT = 300  # the result's note and a correction's reason (CharFields of 300)


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
