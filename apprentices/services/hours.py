"""OJT hours: the apprentice logs, edits, withdraws and corrects entries; a mentor approves (signed)
or rejects (with a reason) them.  Every change keeps the roster keys current."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, OJTEntry
from apprentices.services._records import (
    lock,
    lock_enrollments_of,
    refresh_roster_keys,
    require_reason,
    today,
)
from apprentices.services.signatures import sign
from imt import visibility
from imt.permissions import require
from imt.text import format_hours, text_problem

if TYPE_CHECKING:
    from imt.models import User
    from jobbook.models import Competency
    from programs.models import Membership

MAX_HOURS_PER_DAY = Decimal(24)
QUARTER = Decimal("0.25")
HOURS_MAX_TYPED = 10  # characters: "3000.25" and some room for spaces and zeros
APPROVAL_MEANING = "I approve these on-the-job training hours as worked and observed."

# Hours as a form or a caller gives them: a Decimal, or a number still to be read ("7.5", "7,5").
TypedHours = Decimal | str | int | float


def typed_hours(value: TypedHours | None) -> Decimal | None:
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


def _clean_hours(value: TypedHours | None) -> Decimal:
    hours = typed_hours(value)
    if hours is None:
        raise ValidationError({"hours": _("Enter a number of hours, such as 8 or 7.5.")})
    if not hours.is_finite() or hours <= 0:
        raise ValidationError({"hours": _("Enter hours greater than zero.")})
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": _("A day has at most 24 hours.")})
    if hours % QUARTER:
        raise ValidationError({"hours": _("Enter hours in quarter-hour steps: .25, .5 or .75.")})
    return hours


def _check_entry(
    enrollment: Enrollment, *, date: datetime.date | None, competency: Competency | None,
    hours: TypedHours | None, note: str | None = "", exclude: Collection[int | None] = (),
) -> tuple[datetime.date, Competency, Decimal]:
    """Every rule of an OJT entry, all errors at once, keyed by field.  Returns the date, competency and
    hours (as a Decimal) that pass them."""
    errors: dict[str, str | list[str]] = {}
    if problem := text_problem(note):
        errors["note"] = problem
    cleaned: Decimal | None
    try:
        cleaned = _clean_hours(hours)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = None
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
    if cleaned is not None and date is not None and "date" not in errors:
        whose = (
            Q(enrollment__apprentice=enrollment.apprentice_id) if enrollment.apprentice_id else Q(enrollment=enrollment)
        )
        same_day = OJTEntry.objects.filter(
            whose,
            date=date, status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED],
        ).exclude(pk__in=[pk for pk in exclude if pk]).exclude(corrections__status=OJTEntry.Status.APPROVED)
        logged = same_day.aggregate(total=Sum("hours"))["total"] or Decimal(0)
        if logged + cleaned > MAX_HOURS_PER_DAY:
            errors["hours"] = _(
                "%(logged)s hours are already logged on %(date)s; a day has at most 24 hours, so at most %(left)s more."
            ) % {"logged": format_hours(logged), "date": date.isoformat(),
                 "left": format_hours(MAX_HOURS_PER_DAY - logged)}
    if errors or date is None or competency is None or cleaned is None:  # each None has its error
        raise ValidationError(errors)
    return date, competency, cleaned


def _check_own(enrollment: Enrollment, by: User) -> None:
    if enrollment.apprentice is None or enrollment.apprentice.user_id != by.pk:
        raise ValidationError(_("Only the apprentice logs and changes their own hours."))


def hours_log(
    *, enrollment: Enrollment, by: User, date: datetime.date | None, competency: Competency | None,
    hours: TypedHours | None, note: str | None = "",
) -> OJTEntry:
    """Log OJT hours for a day against a competency of the enrollment's Job Book version; the entry
    waits for a mentor's approval.  Refuses (keyed by field): hours not > 0 or not in quarter-hour
    steps, more than 24 h that day across the apprentice's pending and approved entries, a future date,
    a date before the start, a competency of another version, a note over 2,000 characters, and an
    enrollment that is not on probation or active.  Runs under a lock on the enrollment so two quick
    submissions are checked against each other."""
    with transaction.atomic():
        enrollment = lock(enrollment)
        _check_own(enrollment, by)
        return _create_entry(enrollment, by, date, competency, hours, note, OJTEntry.Source.APPRENTICE, "")


def hours_record(
    *, enrollment: Enrollment, by: User, date: datetime.date | None, competency: Competency | None,
    hours: TypedHours | None, note: str | None = "",
    source: str = OJTEntry.Source.APPRENTICE, source_ref: str = "",
) -> OJTEntry:
    """Record a pending entry under every rule of `hours_log`, keyed by someone on the apprentice's
    behalf (a payroll import, an integration): the caller has checked that `by` may.  The entry keeps
    its `source` and `source_ref`, and goes through the mentor's approval like any other."""
    with transaction.atomic():
        return _create_entry(lock(enrollment), by, date, competency, hours, note, source, source_ref)


def _create_entry(
    enrollment: Enrollment, by: User, date: datetime.date | None, competency: Competency | None,
    hours: TypedHours | None, note: str | None, source: str, source_ref: str,
) -> OJTEntry:
    """The entry of `hours_log` and `hours_record`, on the enrollment they have locked."""
    date, competency, cleaned = _check_entry(enrollment, date=date, competency=competency, hours=hours, note=note)
    entry = OJTEntry.objects.create(
        sponsor_id=enrollment.sponsor_id, enrollment=enrollment, date=date, competency=competency, hours=cleaned,
        note=(note or "").strip(), created_by=by, source=source, source_ref=source_ref,
    )
    # A new pending entry moves only the last day logged, and only forward: no need to recompute
    # (the enrollment row is locked, so the stored key is current).
    if enrollment.last_logged is None or date > enrollment.last_logged:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_logged=date)
    return entry


def hours_log_week(
    *, enrollment: Enrollment, by: User,
    cells: Iterable[tuple[str, Competency, datetime.date, TypedHours]],
) -> list[OJTEntry]:
    """Log a weekly timesheet: one entry per filled cell `(cell name, competency, day, hours)`, each as
    `hours_log` logs it, all in one transaction.  If any cell is refused, none is kept: the
    ValidationError names each refused cell (or NON_FIELD_ERRORS for what concerns the whole sheet)."""
    errors: dict[str, list[ValidationError]] = {}
    with transaction.atomic():
        entries = []
        for name, competency, day, hours in cells:
            try:
                entries.append(hours_log(enrollment=enrollment, by=by, date=day, competency=competency, hours=hours))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for key, problems in error.error_dict.items():
                        errors.setdefault(NON_FIELD_ERRORS if key == NON_FIELD_ERRORS else name, []).extend(problems)
                else:
                    errors.setdefault(name, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)  # leaving the block this way keeps none of the entries
    return entries


def _locked_pending_entry(entry: OJTEntry, by: User) -> OJTEntry:
    entry = OJTEntry.objects.select_for_update(of=("self",)).select_related("enrollment__apprentice").get(pk=entry.pk)
    _check_own(entry.enrollment, by)
    if entry.status != OJTEntry.Status.PENDING:
        raise ValidationError(
            _("This entry is %(status)s and can no longer change.") % {"status": entry.get_status_display().lower()}
        )
    return entry


def hours_update(
    *, entry: OJTEntry, by: User, date: datetime.date | None, competency: Competency | None,
    hours: TypedHours | None, note: str | None = "",
) -> OJTEntry:
    """Edit a pending entry (the apprentice's own) under the same rules as hours_log."""
    with transaction.atomic():
        enrollment = lock(entry.enrollment)
        entry = _locked_pending_entry(entry, by)
        date, competency, hours = _check_entry(
            enrollment, date=date, competency=competency, hours=hours, note=note, exclude=[entry.pk, entry.corrects_id]
        )
        entry.date, entry.competency, entry.hours, entry.note = date, competency, hours, (note or "").strip()
        entry.save(update_fields=["date", "competency", "hours", "note", "updated_at"])
        refresh_roster_keys([enrollment.pk])
    return entry


def hours_withdraw(*, entry: OJTEntry, by: User) -> OJTEntry:
    """Withdraw a pending entry (the apprentice's own); it stays in the record as withdrawn."""
    with transaction.atomic():
        lock_enrollments_of([entry.pk])
        entry = _locked_pending_entry(entry, by)
        entry.status = OJTEntry.Status.WITHDRAWN
        entry.save(update_fields=["status", "updated_at"])
        refresh_roster_keys([entry.enrollment_id])
    return entry


def hours_correct(
    *, entry: OJTEntry, by: User, reason: str, date: datetime.date | None, competency: Competency | None,
    hours: TypedHours | None, note: str | None = "",
) -> OJTEntry:
    """Correct an approved entry: a new pending entry linked to it, with a reason.  Once a mentor
    approves the correction it replaces the original in every total; the original never changes.
    Refuses a correction of a non-approved entry, a second pending correction of the same entry, and
    a correction of an entry already replaced."""
    reason = require_reason(reason, message=_("Say what was wrong with the approved entry."))
    with transaction.atomic():
        enrollment = lock(entry.enrollment)
        _check_own(enrollment, by)
        original = OJTEntry.objects.get(pk=entry.pk)
        if original.status != OJTEntry.Status.APPROVED:
            raise ValidationError(_("Only an approved entry is corrected; edit or withdraw a pending one."))
        if original.corrections.filter(status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED]).exists():
            raise ValidationError(_("This entry already has a correction; correct that one instead."))
        date, competency, hours = _check_entry(
            enrollment, date=date, competency=competency, hours=hours, note=note, exclude=[original.pk]
        )
        correction = OJTEntry.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, date=date, competency=competency, hours=hours,
            note=(note or "").strip(), corrects=original, correction_reason=reason, created_by=by,
        )
        refresh_roster_keys([enrollment.pk])
    return correction


def _decidable(mentor: Membership, entry_ids: list[int]) -> list[OJTEntry]:
    require(mentor, "hours.approve")
    lock_enrollments_of(entry_ids)
    entries = list(
        OJTEntry.objects.select_for_update(of=("self",)).filter(pk__in=entry_ids).order_by("pk")
        .select_related("enrollment__apprentice", "competency")
    )
    # The page's rule for OJT entries (a mentor's current apprentices'), for the whole batch in one query.
    visible = set(visibility.visible(mentor, "ojt_entry").filter(pk__in=entry_ids).values_list("pk", flat=True))
    for entry in entries:
        if entry.pk not in visible:
            raise ValidationError(
                _("You are not a current mentor of %(name)s.") % {"name": entry.enrollment.full_name}
            )
        if entry.created_by_id == mentor.user_id or (
            entry.enrollment.apprentice and entry.enrollment.apprentice.user_id == mentor.user_id
        ):
            raise ValidationError(_("You cannot approve or reject your own hours."))
    # Entries already decided (a double click, another mentor first) are skipped, not decided twice.
    return [e for e in entries if e.status == OJTEntry.Status.PENDING]


def hours_approve(*, mentor: Membership, entries: Iterable[OJTEntry | int]) -> list[OJTEntry]:
    """Approve pending entries (objects or ids) of apprentices the mentor is currently assigned to,
    with one signature whose content lists every approved entry.  The entries are locked first, so
    two mentors at once or a double click approve each entry exactly once; entries no longer pending
    are skipped.  Refuses the whole batch if any entry is the mentor's own or of an apprentice not
    assigned to them.  Returns the entries approved by this call."""
    ids = [cast(int, getattr(e, "pk", e)) for e in entries]
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
        _decide(pending, status=OJTEntry.Status.APPROVED, signature=signature, decided_by=mentor)
    return pending


def hours_reject(*, mentor: Membership, entries: Iterable[OJTEntry | int], reason: str) -> list[OJTEntry]:
    """Reject pending entries with a reason the apprentice sees, under the same rules as hours_approve.
    Returns the entries rejected by this call."""
    reason = require_reason(reason, message=_("Tell the apprentice why the hours are rejected."))
    ids = [cast(int, getattr(e, "pk", e)) for e in entries]
    with transaction.atomic():
        pending = _decidable(mentor, ids)
        _decide(pending, status=OJTEntry.Status.REJECTED, decided_by=mentor, decision_reason=reason)
    return pending


def _decide(pending: list[OJTEntry], **decision: object) -> None:
    """Write the mentor's decision on the pending entries (still pending: a decided one is never changed), keep
    the loaded entries in step, and refresh the roster's keys of their enrollments."""
    now = timezone.now()
    decision.update(decided_at=now, updated_at=now)
    OJTEntry.objects.filter(pk__in=[e.pk for e in pending], status=OJTEntry.Status.PENDING).update(**decision)
    for entry in pending:
        for field, value in decision.items():
            setattr(entry, field, value)
    refresh_roster_keys({e.enrollment_id for e in pending})
