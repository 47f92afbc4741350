"""What a payroll file's rows would become: each matched to an apprentice of the employer, a day, a
competency of their Job Book version and hours, then judged by the rules of `hours_log` — every reason a
row is refused, at once — and against the import entries already logged (duplicates are skipped).

Reads in a constant number of queries however long the file: the enrollments named, the competencies
of their versions, the import entries already there and each apprentice's hours of those days."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, OJTEntry
from apprentices.selectors import live_entries
from apprentices.services.hours import MAX_HOURS_PER_DAY, QUARTER, typed_hours
from imt.text import format_hours, text_problem
from jobbook.models import Competency
from payroll.files import parse_date
from payroll.models import HoursImportRow, HoursMapping

if TYPE_CHECKING:
    from programs.models import Employer

Outcome = HoursImportRow.Outcome
# Who "the same day" is about: an apprentice's entries across all their enrollments, as hours_log counts them.
Who = tuple[str, int]


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    enrollment: Enrollment | None = None
    date: datetime.date | None = None
    competency: Competency | None = None
    hours: Decimal | None = None
    note: str = ""
    reasons: list[str] = field(default_factory=list)
    duplicate: str = ""  # why the row is skipped as a duplicate

    @property
    def outcome(self) -> str:
        if self.reasons:
            return Outcome.REFUSED
        return Outcome.DUPLICATE if self.duplicate else Outcome.CREATE


def normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def who(enrollment: Enrollment) -> Who:
    return ("apprentice", enrollment.apprentice_id) if enrollment.apprentice_id else ("enrollment", enrollment.pk)


def _enrollments_named(employer: Employer, mapping: HoursMapping, names: set[str]) -> dict[str, list[Enrollment]]:
    """Normalized e-mail address or name → the sponsor's enrollments it names (any employer), newest first."""
    if mapping.match_by == HoursMapping.MatchBy.EMAIL:
        found = (Enrollment.objects.filter(sponsor=employer.sponsor_id)
                 .annotate(key=Lower("email"), user_key=Lower("apprentice__user__email"))
                 .filter(Q(key__in=names) | Q(user_key__in=names)))
    else:
        found = Enrollment.objects.filter(sponsor=employer.sponsor_id).annotate(key=Lower("full_name"), user_key=Lower(
            "apprentice__user__full_name")).filter(Q(key__in=names) | Q(user_key__in=names))
    by_name: dict[str, list[Enrollment]] = defaultdict(list)
    for enrollment in found.select_related("apprentice").order_by("-start_date", "-pk"):
        for key in {normalized(enrollment.key or ""), normalized(enrollment.user_key or "")}:  # type: ignore[attr-defined]
            if key in names:
                by_name[key].append(enrollment)
    return by_name


def _competencies(version_ids: set[int]) -> dict[int, list[Competency]]:
    by_version: dict[int, list[Competency]] = defaultdict(list)
    for competency in Competency.objects.filter(version__in=version_ids).order_by("position", "pk"):
        by_version[competency.version_id].append(competency)
    return by_version


def _pick_enrollment(row: CheckedRow, employer: Employer, candidates: list[Enrollment], shown: str) -> None:
    ours = [e for e in candidates if e.employer_id == employer.pk]
    if not candidates:
        row.reasons.append(_("Unknown apprentice: no apprentice of this sponsor is “%(who)s”.") % {"who": shown})
    elif not ours:
        row.reasons.append(_("“%(who)s” is an apprentice of another employer; import only your own apprentices' "
                             "hours.") % {"who": shown})
    elif len({e.apprentice_id or -e.pk for e in ours}) > 1:
        row.reasons.append(_("Several of your apprentices are named “%(who)s”; match them by e-mail address "
                             "instead.") % {"who": shown})
    else:
        logging = [e for e in ours if e.can_log_hours]
        row.enrollment = logging[0] if logging else ours[0]
        if not logging:
            row.reasons.append(_("Hours cannot be logged while the enrollment is %(status)s.") % {
                "status": ours[0].get_status_display().lower()})


def _read_values(row: CheckedRow, mapping: HoursMapping, today: datetime.date) -> None:
    """The row's date, hours and note, each reason they are refused added to the row."""
    text = row.values.get(mapping.date_column, "")
    row.date = parse_date(text, mapping.date_format) if text else None
    if not text:
        row.reasons.append(_("No date in column “%(column)s”.") % {"column": mapping.date_column})
    elif row.date is None:
        row.reasons.append(_("“%(value)s” is not a date written %(format)s.") % {
            "value": text, "format": mapping.get_date_format_display()})
    elif row.date > today:
        row.reasons.append(_("%(date)s is a future date.") % {"date": row.date.isoformat()})
    elif row.enrollment is not None and row.date < row.enrollment.start_date:
        row.reasons.append(_("%(date)s is before the apprentice's start date, %(start)s.") % {
            "date": row.date.isoformat(), "start": row.enrollment.start_date.isoformat()})
    text = row.values.get(mapping.hours_column, "")
    try:
        hours = typed_hours(text) if text else None
    except ValidationError:
        hours = None
    if hours is None or not hours.is_finite():
        row.reasons.append(_("“%(value)s” is not a number of hours.") % {"value": text} if text
                           else _("No hours in column “%(column)s”.") % {"column": mapping.hours_column})
    elif hours <= 0:
        row.reasons.append(_("Hours must be greater than zero."))
    elif hours > MAX_HOURS_PER_DAY:
        row.reasons.append(_("%(hours)s hours: a day has at most 24 hours.") % {"hours": format_hours(hours)})
    elif hours % QUARTER:
        row.reasons.append(_("%(hours)s hours is not in quarter-hour steps (.25, .5, .75).") % {"hours": text})
    else:
        row.hours = hours
    if mapping.note_column:
        row.note = row.values.get(mapping.note_column, "").strip()
        if problem := text_problem(row.note):
            row.reasons.append(problem)


def _read_competency(row: CheckedRow, mapping: HoursMapping, versions: dict[int, list[Competency]]) -> None:
    if row.enrollment is None:
        return
    choices = versions.get(row.enrollment.job_book_version_id, [])
    if mapping.competency_column:
        text = row.values.get(mapping.competency_column, "")
        wanted = normalized(text)
        row.competency = next((c for c in choices if wanted in (normalized(c.name), c.key.casefold())), None)
        if not text:
            row.reasons.append(_("No competency in column “%(column)s”.") % {"column": mapping.competency_column})
        elif row.competency is None:
            row.reasons.append(_("“%(value)s” is not a competency of the apprentice's Job Book.") % {"value": text})
    else:
        row.competency = next((c for c in choices if c.key == mapping.default_competency_key), None)
        if row.competency is None:
            row.reasons.append(_("The default competency is not in this apprentice's Job Book version; add a "
                                 "competency column."))


def check_rows(
    employer: Employer, mapping: HoursMapping, rows: list[tuple[int, dict[str, str]]],
    today: datetime.date | None = None,
) -> list[CheckedRow]:
    """Each row matched and judged, in file order: to create, a duplicate of an import entry already
    logged (or of an earlier row of the file), or refused with every reason.  The day's 24 hours count
    what the apprentice already logged (pending and approved) and the earlier rows of the file."""
    today = today or timezone.localdate()
    checked = [CheckedRow(number, values) for number, values in rows]
    names = {normalized(row.values.get(mapping.apprentice_column, "")) for row in checked} - {""}
    enrollments = _enrollments_named(employer, mapping, names)
    versions = _competencies({e.job_book_version_id for found in enrollments.values() for e in found})
    for row in checked:
        shown = row.values.get(mapping.apprentice_column, "").strip()
        if not shown:
            row.reasons.append(_("No apprentice in column “%(column)s”.") % {"column": mapping.apprentice_column})
        else:
            _pick_enrollment(row, employer, enrollments.get(normalized(shown), []), shown)
        _read_values(row, mapping, today)
        _read_competency(row, mapping, versions)
    _judge_days(checked)
    return checked


def _judge_days(checked: list[CheckedRow]) -> None:
    """Duplicates (of import entries already logged, or of an earlier row) and the day's 24 hours."""
    valid = [row for row in checked if not row.reasons]
    if not valid:
        return
    enrollment_ids = {row.enrollment.pk for row in valid if row.enrollment}
    apprentice_ids = {row.enrollment.apprentice_id for row in valid if row.enrollment and row.enrollment.apprentice_id}
    days = {row.date for row in valid}
    entries = live_entries().filter(Q(enrollment__in=enrollment_ids) | Q(enrollment__apprentice__in=apprentice_ids),
                                    date__in=days)
    imported = set(
        entries.filter(source=OJTEntry.Source.IMPORT)
        .values_list("enrollment_id", "date", "competency_id", "hours")
    )
    logged: dict[tuple[Who, datetime.date], Decimal] = defaultdict(Decimal)
    totals = entries.values("enrollment_id", "enrollment__apprentice_id", "date").annotate(total=Sum("hours"))
    for total in totals.order_by():
        person = (("apprentice", total["enrollment__apprentice_id"]) if total["enrollment__apprentice_id"]
                  else ("enrollment", total["enrollment_id"]))
        logged[(person, total["date"])] += total["total"]
    seen: dict[tuple[int, datetime.date, int, Decimal], int] = {}
    for row in valid:
        assert row.enrollment and row.date and row.competency and row.hours is not None  # a valid row has them
        key = (row.enrollment.pk, row.date, row.competency.pk, row.hours)
        if key in imported:
            row.duplicate = _("The same hours are already imported for this apprentice, day and competency.")
            continue
        if key in seen:
            row.duplicate = _("The same hours as row %(row)s.") % {"row": seen[key]}
            continue
        day = (who(row.enrollment), row.date)
        if logged[day] + row.hours > MAX_HOURS_PER_DAY:
            row.reasons.append(_(
                "%(logged)s hours are already logged or earlier in this file on %(date)s; a day has at most 24 "
                "hours, so at most %(left)s more.") % {
                "logged": format_hours(logged[day]), "date": row.date.isoformat(),
                "left": format_hours(max(MAX_HOURS_PER_DAY - logged[day], Decimal(0)))})
            continue
        seen[key] = row.number
        logged[day] += row.hours
