"""Reads of OJT hours: the entries that count, hours by month, and the apprentice's hour pages.

Only approved hours count (an approved correction replaces the entry it corrects); pending hours are
shown beside them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apprentices.models import Enrollment, OJTEntry
from jobbook.models import Competency

ZERO = Decimal(0)
HOURS: DecimalField[Decimal, Decimal] = DecimalField(max_digits=10, decimal_places=2)
LIVE = (OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED)


def _replaced() -> QuerySet[OJTEntry]:
    return OJTEntry._base_manager.filter(corrects=OuterRef("pk"), status=OJTEntry.Status.APPROVED)


def live_entries() -> QuerySet[OJTEntry]:
    """Pending and approved entries that have not been replaced by an approved correction."""
    return OJTEntry.objects.filter(status__in=LIVE).exclude(Exists(_replaced()))


def hours_by_month(
    enrollment: Enrollment, *, until: datetime.date | None = None
) -> list[tuple[datetime.date, Decimal, Decimal]]:
    """[(first day of month, approved hours, pending hours)] from the start month to `until` (today),
    months without hours included.  One query."""
    until = until or timezone.localdate()
    totals: dict[tuple[datetime.date, str], Decimal] = {
        (row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"], row["status"]):
            row["total"]
        for row in live_entries().filter(enrollment=enrollment).annotate(month=TruncMonth("date"))
        .values("month", "status").annotate(total=Sum("hours")).order_by()
    }
    months = []
    month = enrollment.start_date.replace(day=1)
    last = max(until, max((m for m, _s in totals), default=until)).replace(day=1)
    while month <= last:
        months.append((month, totals.get((month, OJTEntry.Status.APPROVED), ZERO),
                       totals.get((month, OJTEntry.Status.PENDING), ZERO)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# --- The apprentice's hour pages ---------------------------------------------------------------


def entries_of(enrollment: Enrollment, *, status: str = "") -> QuerySet[OJTEntry]:
    """The enrollment's entries, the latest day first, of one status when `status` names one."""
    entries = OJTEntry.objects.filter(enrollment=enrollment).select_related(
        "competency", "decided_by__user", "corrects"
    ).order_by("-date", "-pk")
    return entries.filter(status=status) if status in OJTEntry.Status.values else entries


def recent_entries(enrollment: Enrollment, *, count: int = 5) -> list[OJTEntry]:
    """The enrollment's last `count` entries, the latest day first."""
    return list(
        OJTEntry.objects.filter(enrollment=enrollment).select_related("competency").order_by("-date", "-pk")[:count]
    )


def enrollment_competencies(enrollment: Enrollment) -> list[Competency]:
    """The competencies of the enrollment's Job Book version, in the book's order."""
    return list(Competency.objects.filter(version=enrollment.job_book_version_id).order_by("position", "pk"))


def week_hours(enrollment: Enrollment, days: list[datetime.date]) -> dict[tuple[str, datetime.date], Decimal]:
    """{(competency key, day): hours} of the pending and approved entries on `days`."""
    rows = (
        OJTEntry.objects.filter(enrollment=enrollment, date__in=days, status__in=LIVE)
        .values("competency__key", "date").annotate(total=Sum("hours")).order_by()
    )
    return {(row["competency__key"], row["date"]): row["total"] for row in rows}


def corrected_entry_ids(entry_ids: list[int]) -> set[int]:
    """Of `entry_ids`, those with a correction waiting or approved (they cannot be corrected again)."""
    return set(
        OJTEntry.objects.filter(corrects__in=entry_ids, status__in=LIVE).values_list("corrects_id", flat=True)
    )


def last_competency_id(enrollment: Enrollment) -> int | None:
    """The competency of the apprentice's latest entry on their current Job Book version, or None."""
    return (
        OJTEntry.objects.filter(enrollment=enrollment, competency__version=enrollment.job_book_version_id)
        .order_by("-created_at", "-pk").values_list("competency_id", flat=True).first()
    )
