"""The mentor's queue: pending hours and sign-off requests of the apprentices they mentor now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce

from apprentices.models import OJTEntry, SignOffRequest
from apprentices.selectors.enrollments import assigned_to
from apprentices.selectors.hours import HOURS, ZERO, live_entries
from programs.models import Membership

QUEUE_LIMIT = 50  # entries shown at once (a screenful on a phone); deciding them brings the next ones


class Totals(TypedDict):
    approved: Decimal
    pending: Decimal
    entries: int


@dataclass
class MentorQueue:
    entries: Sequence[OJTEntry]  # pending OJT entries, oldest first
    requests: list[SignOffRequest]  # pending sign-off requests, oldest first
    totals: dict[int, Totals]  # enrollment id → that apprentice's approved and pending hours, pending entries
    entries_waiting: int = 0  # all pending entries, of which `entries` holds the oldest QUEUE_LIMIT
    hours_waiting: Decimal = ZERO

    @property
    def size(self) -> int:
        return self.entries_waiting + len(self.requests)

    @property
    def pending_hours(self) -> Decimal:
        return self.hours_waiting

    @property
    def more_entries(self) -> int:
        return self.entries_waiting - len(self.entries)


def _hours_sum(condition: Q) -> Coalesce:
    return Coalesce(Sum("hours", filter=condition), Value(ZERO), output_field=HOURS)


def _enrollments_of(mentor: Membership) -> QuerySet[Any]:
    return assigned_to(mentor).values("enrollment_id")


def _requests_for(mentor: Membership) -> QuerySet[SignOffRequest]:
    """Pending requests of the mentor's apprentices, addressed to them or to any mentor."""
    return SignOffRequest.objects.filter(
        enrollment__in=_enrollments_of(mentor), status=SignOffRequest.Status.PENDING
    ).filter(Q(mentor__isnull=True) | Q(mentor=mentor))


def mentor_queue(mentor: Membership) -> MentorQueue:
    """Everything waiting for `mentor` across the apprentices currently assigned to them — pending
    hour entries (the oldest QUEUE_LIMIT, with the count and hours of all) and sign-off requests
    (addressed to them or to any mentor) — oldest first, with each apprentice's approved and pending
    totals.  Three queries."""
    entries = list(
        OJTEntry.objects.filter(enrollment__in=_enrollments_of(mentor), status=OJTEntry.Status.PENDING)
        .select_related("enrollment", "competency", "corrects")
        .annotate(waiting=Window(Count("pk")), waiting_hours=Window(Sum("hours")))  # over all, before the limit
        .order_by("date", "created_at", "pk")[:QUEUE_LIMIT]
    )
    requests = list(
        _requests_for(mentor).select_related("enrollment", "skill__competency").order_by("created_at", "pk")
    )
    waiting = {e.enrollment_id for e in entries} | {r.enrollment_id for r in requests}
    totals: dict[int, Totals] = {pk: Totals(approved=ZERO, pending=ZERO, entries=0) for pk in waiting}
    if waiting:
        rows = (
            live_entries().filter(enrollment__in=waiting).values("enrollment_id")
            .annotate(
                approved=_hours_sum(Q(status=OJTEntry.Status.APPROVED)),
                pending=_hours_sum(Q(status=OJTEntry.Status.PENDING)),
                entries=Count("pk", filter=Q(status=OJTEntry.Status.PENDING)),
            ).order_by()
        )
        for row in rows:
            totals[row["enrollment_id"]] = Totals(approved=row["approved"], pending=row["pending"],
                                                  entries=row["entries"])
    return MentorQueue(entries=entries, requests=requests, totals=totals,
                       entries_waiting=entries[0].waiting if entries else 0,
                       hours_waiting=entries[0].waiting_hours if entries else ZERO)


def mentor_queue_size(mentor: Membership) -> int:
    """How many items wait for `mentor` (two queries), for dashboards and menus."""
    return (
        OJTEntry.objects.filter(enrollment__in=_enrollments_of(mentor), status=OJTEntry.Status.PENDING).count()
        + _requests_for(mentor).count()
    )
