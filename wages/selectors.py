"""Reads of wage progression: an apprentice's step, rate and next trigger; their wage history; the
raises waiting for the employer's decision."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from apprentices.models import Enrollment
from apprentices.selectors import enrollment_progress, enrollments_visible_to
from wages.models import RaiseDue, WageDecision
from wages.schedule import OVERDUE_AFTER_DAYS, Metrics, Step, months_between, steps_of

if TYPE_CHECKING:
    from programs.models import Membership


def metrics_of(enrollment: Enrollment, steps: list[Step], today: datetime.date | None = None) -> Metrics:
    """Approved and credited hours (the roster key), whole months since the start, and competencies
    mastered (read only when a step counts them: it takes the enrollment's progress)."""
    today = today or timezone.localdate()
    competencies = 0
    if any(step.basis == "competencies" for step in steps):
        competencies = enrollment_progress(enrollment).competencies_mastered
    return Metrics(hours=Decimal(enrollment.counted_hours), months=months_between(enrollment.start_date, today),
                   competencies=competencies)


@dataclass
class WageHistoryEntry:
    """One confirmed raise: from when, which step, at what rate, signed by whom."""

    effective_date: datetime.date
    step: int  # 1-based
    hourly_rate: Decimal | None
    percent: Decimal | None
    confirmed_by: str
    signed_at: datetime.datetime | None


def wage_history(enrollment: Enrollment) -> list[WageHistoryEntry]:
    """The raises confirmed for `enrollment`, oldest effective date first (the transcript and the
    completion packet show them).  One query."""
    decisions = (
        WageDecision.objects.filter(raise_due__enrollment=enrollment, decision=WageDecision.Decision.CONFIRM)
        .select_related("raise_due", "signature").order_by("effective_date", "pk")
    )
    return [
        WageHistoryEntry(
            effective_date=d.effective_date or d.created_at.date(), step=d.raise_due.step + 1,
            hourly_rate=d.hourly_rate, percent=d.percent,
            confirmed_by=d.signature.printed_name if d.signature else "",
            signed_at=d.signature.signed_at if d.signature else None,
        )
        for d in decisions
    ]


def is_overdue(raise_due: RaiseDue, today: datetime.date | None = None) -> bool:
    """A raise still waiting for a decision more than 30 days after it was reached."""
    today = today or timezone.localdate()
    return (today - raise_due.reached_on).days > OVERDUE_AFTER_DAYS


@dataclass
class WageStatus:
    enrollment: Enrollment
    steps: list[Step]
    metrics: Metrics
    current: Step | None  # None: the entry wage, which the schedule does not state
    rate: Decimal | None
    next_step: Step | None
    pending: list[RaiseDue] = field(default_factory=list)
    decisions: list[WageDecision] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def next_progress(self) -> str:
        return self.metrics.progress(self.next_step) if self.next_step else ""

    @property
    def next_reached(self) -> bool:
        return self.next_step is not None and self.metrics.reached(self.next_step)

    @property
    def next_rate(self) -> Decimal | None:
        if self.next_step is None:
            return None
        return self.next_step.rate(self.enrollment.standards_version.journeyworker_wage)

    @property
    def overdue(self) -> list[RaiseDue]:
        return [r for r in self.pending if is_overdue(r, self.today)]

    @property
    def history(self) -> list[WageDecision]:
        return [d for d in self.decisions if d.decision == WageDecision.Decision.CONFIRM]


def current_step(steps: list[Step], confirmed: set[int]) -> Step | None:
    """The last confirmed step; before any, the starting wage (the first step from 0), else None."""
    done = [step for step in steps if step.index in confirmed]
    if done:
        return done[-1]
    return next((step for step in steps if step.is_start), None)


def wage_status(enrollment: Enrollment, today: datetime.date | None = None) -> WageStatus:
    """Where `enrollment` stands on its standards version's wage schedule."""
    today = today or timezone.localdate()
    version = enrollment.standards_version
    steps = steps_of(version.wage_schedule)
    raises = list(RaiseDue.objects.filter(enrollment=enrollment).select_related("decision").order_by("step"))
    decisions = [r.decision for r in raises if hasattr(r, "decision")]
    confirmed = {d.raise_due.step for d in decisions if d.decision == WageDecision.Decision.CONFIRM}
    current = current_step(steps, confirmed)
    after = current.index if current else -1
    return WageStatus(
        enrollment=enrollment, steps=steps, metrics=metrics_of(enrollment, steps, today), current=current,
        rate=current.rate(version.journeyworker_wage) if current else None,
        next_step=next((step for step in steps if step.index > after and not step.is_start), None),
        pending=[r for r in raises if not hasattr(r, "decision")], decisions=decisions, today=today,
    )


def raises_pending(membership: Membership) -> QuerySet[RaiseDue]:
    """The raises without a decision among the open enrollments `membership` sees, oldest first."""
    return (
        RaiseDue.objects.filter(
            enrollment__in=enrollments_visible_to(membership), decision__isnull=True,
            enrollment__status__in=Enrollment.OPEN_STATUSES,
        )
        .select_related("enrollment__employer", "enrollment__standards_version")
        .order_by("reached_on", "pk")
    )


@dataclass
class RaiseRow:
    raise_due: RaiseDue
    step: Step | None
    rate: Decimal | None
    overdue: bool

    @property
    def enrollment(self) -> Enrollment:
        return self.raise_due.enrollment


def raise_rows(raises: QuerySet[RaiseDue] | list[RaiseDue], today: datetime.date | None = None) -> list[RaiseRow]:
    """Rows for the dashboard and the compliance page: each raise with its step, rate and lateness."""
    today = today or timezone.localdate()
    rows = []
    for raise_due in raises:
        version = raise_due.enrollment.standards_version
        steps = {step.index: step for step in steps_of(version.wage_schedule)}
        step = steps.get(raise_due.step)
        rows.append(RaiseRow(raise_due=raise_due, step=step,
                             rate=step.rate(version.journeyworker_wage) if step else None,
                             overdue=is_overdue(raise_due, today)))
    return rows
