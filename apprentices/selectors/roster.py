"""The roster: one page of apprentices with their figures, filtered and sorted on the enrollment rows.

The filters and the sort read only the enrollment rows: progress and the last day logged come from the
roster keys the services keep on each enrollment (`roster_key_values`), never from summing entries.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from apprentices.models import AdvancedStanding, CreditedHours, Enrollment, MentorAssignment, OJTEntry, SkillSignOff
from apprentices.selectors.enrollments import assigned_to
from apprentices.selectors.hours import HOURS, ZERO, live_entries
from programs.models import Employer, Membership

STALE_AFTER_DAYS = 14

ROSTER_ORDERS: dict[str, tuple[Any, ...]] = {
    "name": ("full_name", "pk"),
    "-name": ("-full_name", "-pk"),
    "progress": ("progress", "full_name"),
    "-progress": ("-progress", "full_name"),
    "last_logged": (F("last_logged").asc(nulls_first=True), "full_name"),
    "-last_logged": (F("last_logged").desc(nulls_last=True), "full_name"),
    "start": ("start_date", "full_name"),
    "-start": ("-start_date", "full_name"),
    "status": ("status", "full_name"),
}


def roster_key_values() -> dict[str, Expression | Subquery]:
    """What Enrollment.counted_hours and .last_logged should hold, as expressions on an enrollment:
    the approved live hours plus the approved credit, and the last day of a live entry."""
    live = live_entries().filter(enrollment=OuterRef("pk")).order_by().values("enrollment")
    approved = live.filter(status=OJTEntry.Status.APPROVED).annotate(total=Sum("hours")).values("total")[:1]
    last = live.annotate(last=Max("date")).values("last")[:1]
    credited = (
        CreditedHours.objects.filter(
            standing__enrollment=OuterRef("pk"), standing__status=AdvancedStanding.Status.APPROVED
        )
        .order_by().values("standing__enrollment").annotate(total=Sum("hours")).values("total")[:1]
    )
    return {
        "counted_hours": ExpressionWrapper(
            Coalesce(Subquery(approved, output_field=HOURS), Value(ZERO), output_field=HOURS)
            + Coalesce(Subquery(credited, output_field=HOURS), Value(ZERO), output_field=HOURS),
            output_field=HOURS,
        ),
        "last_logged": Subquery(last),
    }


def _progress() -> Expression:
    return (Cast(F("counted_hours"), FloatField()) * 100.0
            / Cast(F("standards_version__ojt_hours_required"), FloatField()))


def _stale() -> Q:
    cutoff = timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)
    return (Q(status__in=Enrollment.LOGGING_STATUSES)
            & (Q(last_logged__lt=cutoff) | Q(last_logged__isnull=True, start_date__lt=cutoff)))


def roster_page(
    enrollments: QuerySet[Enrollment], number: int | str | None, *, per_page: int, order: str = "name",
    status: str = "", employer: Employer | None = None, mentor: Membership | None = None, query: str = "",
    stale_only: bool = False,
) -> Page[Enrollment]:
    """One page of a roster (employer's, mentor's or sponsor's) of `enrollments` (usually from
    enrollments_visible_to): each row with approved_hours, pending_hours, credited_hours, progress
    (percent of the program's OJT hours), skills_signed, last_logged, `stale` (open, and no hours
    logged for 14 days) and its current mentor assignments as `current_mentors`.  Filter by status,
    employer, mentor, name/e-mail `query` or stale; sort by a ROSTER_ORDERS key.

    The page's rows get the figures they show from three grouped queries over those rows alone
    (`_add_figures`)."""
    sort = order if order in ROSTER_ORDERS else "name"
    keys = enrollments
    if sort.lstrip("-") == "progress":
        keys = keys.alias(progress=_progress())
    if stale_only:
        keys = keys.alias(stale=_stale()).filter(stale=True)
    if status:
        keys = keys.filter(status=status)
    if employer is not None:
        keys = keys.filter(employer=employer)
    if mentor is not None:
        keys = keys.filter(Exists(assigned_to(mentor).filter(enrollment=OuterRef("pk"))))
    if query:
        keys = keys.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    page: Page[Any] = Paginator(keys.order_by(*ROSTER_ORDERS[sort]).values_list("pk", flat=True), per_page).get_page(
        number
    )
    ids = list(page.object_list)
    rows: dict[int, Enrollment] = {}
    if ids:
        rows = {row.pk: row for row in Enrollment.objects.filter(pk__in=ids).select_related(
            "employer", "program", "standards_version", "apprentice__user").prefetch_related(_current_mentors())}
        _add_figures(list(rows.values()))
    page.object_list = [rows[pk] for pk in ids]
    return page


def _current_mentors() -> Prefetch[str, QuerySet[MentorAssignment], str]:
    return Prefetch(
        "mentor_assignments",
        queryset=MentorAssignment.objects.filter(end_date__isnull=True).select_related("mentor__user"),
        to_attr="current_mentors",
    )


def _add_figures(enrollments: list[Enrollment]) -> None:
    """Set the roster's figures on `enrollments` (a page of them): three queries."""
    ids = [e.pk for e in enrollments]
    hours = {
        row["enrollment"]: row for row in live_entries().filter(enrollment__in=ids).values("enrollment").annotate(
            approved=Sum("hours", filter=Q(status=OJTEntry.Status.APPROVED)),
            pending=Sum("hours", filter=Q(status=OJTEntry.Status.PENDING)),
            last=Max("date"),
        ).order_by()
    }
    credited = dict(
        CreditedHours.objects.filter(standing__enrollment__in=ids, standing__status=AdvancedStanding.Status.APPROVED)
        .values("standing__enrollment").annotate(total=Sum("hours")).values_list("standing__enrollment", "total")
        .order_by()
    )
    signed = dict(
        SkillSignOff.objects.filter(enrollment__in=ids, revocation__isnull=True).values("enrollment")
        .annotate(n=Count("pk")).values_list("enrollment", "n").order_by()
    )
    cutoff = timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)
    for e in enrollments:
        row = hours.get(e.pk, {})
        approved, credited_hours = row.get("approved") or ZERO, credited.get(e.pk) or ZERO
        last_logged = row.get("last")
        required = e.standards_version.ojt_hours_required
        figures = {
            "approved_hours": approved,
            "pending_hours": row.get("pending") or ZERO,
            "last_logged": last_logged,
            "credited_hours": credited_hours,
            "skills_signed": signed.get(e.pk, 0),
            "progress": float(approved + credited_hours) * 100.0 / required if required else 0.0,
            "stale": e.status in Enrollment.LOGGING_STATUSES and (
                last_logged < cutoff if last_logged else e.start_date < cutoff),
        }
        for name, value in figures.items():  # shown by the roster's templates beside the enrollment's fields
            setattr(e, name, value)
