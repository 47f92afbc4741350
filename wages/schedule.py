"""Reading a standards version's wage schedule: its steps, the rate of each, what reaches a step and
how far an apprentice has come towards it.  No database writes; the metrics are handed in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from imt.text import format_hours

CENT = Decimal("0.01")
OVERDUE_AFTER_DAYS = 30


@dataclass(frozen=True)
class Step:
    """One step of a schedule; `index` is its position in the version's `wage_schedule`."""

    index: int
    basis: str  # hours | months | competencies
    threshold: int
    kind: str  # percent | hourly
    amount: Decimal

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_start(self) -> bool:
        return self.threshold == 0

    def rate(self, journeyworker_wage: Decimal | None) -> Decimal | None:
        """The hourly rate of this step: the amount itself, or that percentage of the journeyworker
        wage (None when the standards give no journeyworker wage)."""
        if self.kind == "hourly":
            return self.amount.quantize(CENT, ROUND_HALF_UP)
        if journeyworker_wage is None:
            return None
        return (Decimal(journeyworker_wage) * self.amount / 100).quantize(CENT, ROUND_HALF_UP)

    @property
    def percent(self) -> Decimal | None:
        return self.amount if self.kind == "percent" else None

    def trigger(self) -> str:
        if self.basis == "hours":
            return _("after %(n)s approved OJT hours") % {"n": format_hours(self.threshold)}
        if self.basis == "months":
            return _("after %(n)s months in the program") % {"n": self.threshold}
        return _("after %(n)s competencies mastered") % {"n": self.threshold}


@dataclass(frozen=True)
class Metrics:
    """Where an apprentice stands on each basis a step can be reached by."""

    hours: Decimal
    months: int
    competencies: int

    def of(self, basis: str) -> Decimal | int:
        if basis == "hours":
            return self.hours
        return self.months if basis == "months" else self.competencies

    def progress(self, step: Step) -> str:
        """"1,712 / 2,000 h approved", "month 9 of 12", "5 of 8 competencies"."""
        if step.basis == "hours":
            return _("%(done)s / %(target)s h approved") % {
                "done": format_hours(self.hours), "target": format_hours(step.threshold)}
        if step.basis == "months":
            return _("month %(done)s of %(target)s") % {"done": self.months, "target": step.threshold}
        return _("%(done)s of %(target)s competencies") % {"done": self.competencies, "target": step.threshold}

    def reached(self, step: Step) -> bool:
        return step.threshold > 0 and self.of(step.basis) >= step.threshold


def steps_of(schedule: list[dict[str, Any]] | None) -> list[Step]:
    """The steps of a version's `wage_schedule`, skipping any entry that cannot be read."""
    steps = []
    for index, raw in enumerate(schedule or []):
        try:
            steps.append(Step(index=index, basis=str(raw["basis"]), threshold=int(raw["threshold"]),
                              kind=str(raw["kind"]), amount=Decimal(str(raw["amount"]))))
        except (KeyError, TypeError, ValueError, InvalidOperation):
            continue
    return steps


def months_between(start: datetime.date, day: datetime.date) -> int:
    """Whole months from `start` to `day` (0 before the first month is over)."""
    months = (day.year - start.year) * 12 + day.month - start.month - (1 if day.day < start.day else 0)
    return max(months, 0)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The day `months` whole months after `start` (the month's last day when it is shorter)."""
    import calendar

    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
