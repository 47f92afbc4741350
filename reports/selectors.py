"""The figures of the reports: the sponsor's roll-up across employers and the Part 30 (EEO) counts.

Every figure is read from the enrollments the viewer's scope holds (`report_scope`): sponsor staff
all of the sponsor's (or one employer's, when they choose it), an employer admin their employer's.
Each table is one query however many apprentices there are; the rows are counted here, not in the
template.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum, TextChoices
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apprentices.models import Demographics, Enrollment, OJTEntry
from credentials.models import Credential
from imt.permissions import Role
from programs.models import Employer, Membership
from reports.tables import Table, suppress
from rti.models import PriorCourseCredit, SectionEnrollment

ZERO = Decimal(0)
MONTHS_SHOWN = 12
EXPIRY_DAYS = 60
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12
Status = Enrollment.Status


def report_scope(membership: Membership, employer: Employer | None = None) -> QuerySet[Enrollment]:
    """The enrollments a report counts for `membership`: sponsor staff see the whole sponsor (or
    `employer`'s part of it), an employer admin only their own employer; anyone else nothing."""
    enrollments = Enrollment.objects.filter(sponsor_id=membership.sponsor_id)
    if not membership.is_active:
        return enrollments.none()
    if membership.is_sponsor_staff:
        return enrollments.filter(employer=employer) if employer is not None else enrollments
    if membership.role == Role.EMPLOYER_ADMIN and membership.employer_id is not None:
        return enrollments.filter(employer_id=membership.employer_id)
    return enrollments.none()


def employers_to_choose(membership: Membership) -> list[Employer]:
    """The employers sponsor staff may narrow a report to (an employer admin has only their own)."""
    if not membership.is_sponsor_staff:
        return []
    return list(Employer.objects.filter(sponsor_id=membership.sponsor_id).order_by("name"))


# --- The roll-up ---------------------------------------------------------------------------------


@dataclass
class RollUp:
    statuses: Table
    outcomes: Table
    monthly: Table
    competencies: Table
    rti: Table
    credentials: Table

    @property
    def tables(self) -> list[Table]:
        return [self.statuses, self.outcomes, self.monthly, self.competencies, self.rti, self.credentials]


def status_counts(enrollments: QuerySet[Enrollment]) -> dict[str, int]:
    """How many enrollments are in each status; a cancellation counts as during probation when it took
    effect (the enrollment's `status_since`, the effective date of its last status change) on or
    before the end of probation.  One query."""
    cancelled = Q(status=Status.CANCELLED)
    counts: dict[str, int] = enrollments.aggregate(
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        probation=Count("pk", filter=Q(status=Status.PROBATION)),
        suspended=Count("pk", filter=Q(status=Status.SUSPENDED)),
        completed=Count("pk", filter=Q(status=Status.COMPLETED)),
        cancelled_in_probation=Count("pk", filter=cancelled & Q(status_since__lte=F("probation_end"))),
        cancelled_after_probation=Count("pk", filter=cancelled & Q(status_since__gt=F("probation_end"))),
        total=Count("pk"),
    )
    return counts


def completion_rate(counts: dict[str, int]) -> Decimal | None:
    """Completions as a percentage of everyone who left the program (completed or cancelled)."""
    left = counts["completed"] + counts["cancelled_in_probation"] + counts["cancelled_after_probation"]
    if not left:
        return None
    return (Decimal(100) * counts["completed"] / left).quantize(Decimal("0.1"))


def median_months_to_completion(enrollments: QuerySet[Enrollment]) -> Decimal | None:
    """The median, in months of 30.44 days, from the start date to the completion's effective date."""
    spans = [
        Decimal((completed_on - start).days) / DAYS_PER_MONTH
        for start, completed_on in enrollments.filter(status=Status.COMPLETED).values_list("start_date", "status_since")
    ]
    return Decimal(statistics.median(spans)).quantize(Decimal("0.1")) if spans else None


def first_month_shown(today: datetime.date) -> datetime.date:
    month = today.replace(day=1)
    for _i in range(MONTHS_SHOWN - 1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def _month_of(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _replaced() -> QuerySet[OJTEntry]:
    return OJTEntry._base_manager.filter(corrects=OuterRef("pk"), status=OJTEntry.Status.APPROVED)


def approved_entries(enrollments: QuerySet[Enrollment]) -> QuerySet[OJTEntry]:
    """The entries whose hours count: approved and not replaced by an approved correction."""
    return OJTEntry.objects.filter(enrollment__in=enrollments, status=OJTEntry.Status.APPROVED).exclude(
        Exists(_replaced()))


def monthly_hours(enrollments: QuerySet[Enrollment], today: datetime.date) -> Table:
    """Hours logged (every entry but withdrawn ones) and approved (those that count), by the month worked,
    for the last twelve months including this one.  Two queries."""
    first = first_month_shown(today)
    in_window = Q(date__gte=first, date__lte=today)

    def by_month(entries: QuerySet[OJTEntry]) -> dict[datetime.date, Decimal]:
        return {
            _month_of(row["month"]): row["total"]
            for row in entries.filter(in_window).annotate(month=TruncMonth("date")).values("month")
            .annotate(total=Sum("hours")).order_by()
        }

    logged = by_month(OJTEntry.objects.filter(enrollment__in=enrollments).exclude(status=OJTEntry.Status.WITHDRAWN))
    approved = by_month(approved_entries(enrollments))
    table = Table("monthly", _("OJT hours by month"), [_("Month"), _("Hours logged"), _("Hours approved")],
                  note=_("Logged: every entry of the month except withdrawn ones. Approved: the hours that count."))
    month = first
    while month <= today:
        table.rows.append([date_format(month, "YEAR_MONTH_FORMAT"), logged.get(month, ZERO), approved.get(month, ZERO)])
        table.short_labels.append(date_format(month, "M y"))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return table


def hours_by_competency(enrollments: QuerySet[Enrollment]) -> Table:
    """Approved OJT hours by competency name (the same competency in every employer's Job Book), in the
    Job Book's order.  One query."""
    rows = (
        approved_entries(enrollments).values("competency__name")
        .annotate(total=Sum("hours"), people=Count("enrollment", distinct=True), position=Min("competency__position"))
        .order_by("position", "competency__name")
    )
    return Table("competencies", _("Approved OJT hours by competency"),
                 [_("Competency"), _("Apprentices"), _("Approved hours")],
                 [[row["competency__name"], row["people"], row["total"]] for row in rows])


def rti_hours(enrollments: QuerySet[Enrollment]) -> Table:
    """Related instruction of the apprentices in scope: hours attended per course, and prior-course credit
    granted.  Two queries."""
    apprentices = enrollments.exclude(apprentice=None).values("apprentice_id")
    table = Table("rti", _("Related technical instruction (RTI)"),
                  [_("Course"), _("Apprentices"), _("Completed"), _("Hours attended")])
    seats = (
        SectionEnrollment.objects.filter(apprentice__in=apprentices).values("section__course__name")
        .annotate(people=Count("apprentice", distinct=True), hours=Sum("attended_hours"),
                  completed=Count("pk", filter=Q(completed_on__isnull=False)))
        .order_by("section__course__name")
    )
    for row in seats:
        table.rows.append([row["section__course__name"], row["people"], row["completed"], row["hours"] or ZERO])
    credit = PriorCourseCredit.objects.filter(apprentice__in=apprentices, status=PriorCourseCredit.Status.APPROVED
                                              ).aggregate(people=Count("apprentice", distinct=True),
                                                          hours=Sum("credited_hours"))
    if credit["people"]:
        table.rows.append([_("Prior-course credit granted"), credit["people"], None, credit["hours"] or ZERO])
    return table


def credentials_expiring(enrollments: QuerySet[Enrollment], today: datetime.date) -> Table:
    """Credentials (as they stand, not those a correction replaced) of the apprentices in scope that expire
    within the next 60 days.  One query."""
    credentials = (
        Credential.objects.filter(
            apprentice__in=enrollments.exclude(apprentice=None).values("apprentice_id"), replaced_by__isnull=True,
            expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=EXPIRY_DAYS),
        ).select_related("apprentice__user", "apprentice__employer", "credential_type").order_by("expires_on", "pk")
    )
    return Table("credentials", _("Credentials expiring in the next %(days)s days") % {"days": EXPIRY_DAYS},
                 [_("Apprentice"), _("Employer"), _("Credential"), _("Expires")],
                 [[c.apprentice.user.full_name, c.apprentice.employer.name if c.apprentice.employer else "",
                   c.credential_type.name, c.expires_on] for c in credentials])


def rollup(enrollments: QuerySet[Enrollment], today: datetime.date) -> RollUp:
    """Every table of the roll-up report for the enrollments in scope (about ten queries)."""
    counts = status_counts(enrollments)
    statuses = Table("statuses", _("Apprentices by status"), [_("Status"), _("Apprentices")], [
        [_("Active"), counts["active"]],
        [_("On probation"), counts["probation"]],
        [_("Suspended"), counts["suspended"]],
        [_("Completed"), counts["completed"]],
        [_("Cancelled during probation"), counts["cancelled_in_probation"]],
        [_("Cancelled after probation"), counts["cancelled_after_probation"]],
        [_("Total"), counts["total"]],
    ])
    rate, median = completion_rate(counts), median_months_to_completion(enrollments)
    outcomes = Table("outcomes", _("Completion"), [_("Figure"), _("Value")], [
        [_("Completion rate (%)"), rate],
        [_("Median months to completion"), median],
    ], note=_("Completion rate: completions as a share of everyone who left, completed or cancelled."))
    return RollUp(statuses, outcomes, monthly_hours(enrollments, today), hours_by_competency(enrollments),
                  rti_hours(enrollments), credentials_expiring(enrollments, today))


# --- Part 30 -------------------------------------------------------------------------------------

APPLICANTS, ENROLLED, COMPLETED, CANCELLED = "applicants", "enrolled", "completed", "cancelled"
GROUPS = (APPLICANTS, ENROLLED, COMPLETED, CANCELLED)
NOT_ANSWERED = "not_answered"


def group_of(status: str, apprentice_id: int | None) -> str:
    """Where an enrollment counts in Part 30: completed and cancelled by status; otherwise an applicant
    while nobody has accepted the invitation (no apprentice yet), else enrolled."""
    if status == Status.COMPLETED:
        return COMPLETED
    if status == Status.CANCELLED:
        return CANCELLED
    return APPLICANTS if apprentice_id is None else ENROLLED


def _characteristics() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(field, label, [(value, label)]) for each characteristic Part 30 counts."""
    answers: list[tuple[str, str, type[TextChoices]]] = [
        ("sex", _("Sex"), Demographics.Sex),
        ("races", _("Race"), Demographics.Race),
        ("ethnicity", _("Ethnicity"), Demographics.Ethnicity),
        ("disability", _("Disability"), Demographics.Disability),
        ("veteran_status", _("Veteran status"), Demographics.Veteran),
    ]
    return [(name, label, [(str(value), str(text)) for value, text in choices.choices])
            for name, label, choices in answers]


def part30_counts(enrollments: QuerySet[Enrollment]) -> dict[tuple[str, str], dict[str, int]]:
    """{(field, answer): {group: people}}, unsuppressed, plus ("total", "") per group.  A person who chose
    several races counts once under each; an empty answer counts as "not_answered".  One query."""
    counts: dict[tuple[str, str], dict[str, int]] = {}

    def add(key: tuple[str, str], group: str) -> None:
        counts.setdefault(key, dict.fromkeys(GROUPS, 0))[group] += 1

    fields = [name for name, _label, _choices in _characteristics()]
    rows: QuerySet[Enrollment, dict[str, Any]] = enrollments.values(
        "status", "apprentice_id", *(f"demographics__{name}" for name in fields))
    for row in rows:
        group = group_of(row["status"], row["apprentice_id"])
        add(("total", ""), group)
        for name in fields:
            answer = row[f"demographics__{name}"]
            answers = (answer or []) if name == "races" else ([answer] if answer else [])
            for value in answers or [NOT_ANSWERED]:
                add((name, value), group)
    return counts


def part30(enrollments: QuerySet[Enrollment]) -> Table:
    """The Part 30 table: people by characteristic and answer for applicants, enrolled, completed and
    cancelled, each count from 1 to 4 shown as "<5"."""
    counts = part30_counts(enrollments)
    empty = dict.fromkeys(GROUPS, 0)
    table = Table("part30", _("Equal opportunity (29 CFR 30)"),
                  [_("Characteristic"), _("Answer"), _("Applicants"), _("Enrolled"), _("Completed"), _("Cancelled")],
                  note=_("Counts from 1 to 4 are shown as “<5”. A person who chose several races counts under each."))
    total = counts.get(("total", ""), empty)
    table.rows.append([_("Everyone"), _("Total"), *(suppress(total[g]) for g in GROUPS)])
    for name, label, choices in _characteristics():
        for value, answer in [*choices, (NOT_ANSWERED, _("Not answered"))]:
            figures = counts.get((name, value), empty)
            table.rows.append([label, answer, *(suppress(figures[g]) for g in GROUPS)])
    return table
