"""Reads for the agency's reports: the RAPIDS rows since a date, and the status changes not yet sent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from agency.models import AgencyExport, ExportedRecord
from agency.rapids import Row, build_row
from apprentices.models import Demographics, Enrollment, StatusChange
from rti.models import SectionEnrollment

if TYPE_CHECKING:
    from programs.models import Sponsor


def reportable_changes(sponsor: Sponsor) -> QuerySet[StatusChange]:
    """Registrations, status changes (completion among them) and transfers: what the agency is told."""
    return StatusChange.objects.filter(sponsor=sponsor, kind__in=StatusChange.REPORTABLE_KINDS)


def export_rows(sponsor: Sponsor, since: datetime.date) -> list[Row]:
    """One row per enrollment with a reportable change effective on or after `since`, by name."""
    changes: dict[int, list[StatusChange]] = {}
    for change in reportable_changes(sponsor).filter(effective_date__gte=since).order_by("effective_date", "pk"):
        changes.setdefault(change.enrollment_id, []).append(change)
    enrollments = list(
        Enrollment.objects.filter(sponsor=sponsor, pk__in=list(changes))
        .select_related("sponsor", "program", "employer", "standards_version").order_by("full_name", "pk")
    )
    demographics = {d.enrollment_id: d for d in Demographics.objects.filter(enrollment__in=list(changes))}
    last_status: dict[int, dict[str, StatusChange]] = {}
    for change in StatusChange.objects.filter(enrollment__in=list(changes), kind=StatusChange.Kind.STATUS).order_by(
        "effective_date", "pk"
    ):
        last_status.setdefault(change.enrollment_id, {})[change.to_status] = change
    providers: dict[int, str] = {}
    apprentices = [e.apprentice_id for e in enrollments if e.apprentice_id]
    for seat in SectionEnrollment.objects.filter(apprentice__in=apprentices).select_related(
        "section__provider"
    ).order_by("section__starts_on", "pk"):
        providers[seat.apprentice_id] = seat.section.provider.name
    return [
        build_row(e, demographics.get(e.pk), changes[e.pk], last_status.get(e.pk, {}),
                  providers.get(e.apprentice_id or 0, ""), sponsor.slug)
        for e in enrollments
    ]


@dataclass
class Unreported:
    change: StatusChange
    due: datetime.date
    overdue: bool


def unreported_changes(sponsor: Sponsor, enrollments: QuerySet[Enrollment]) -> list[Unreported]:
    """Reportable changes of `enrollments` that no export has carried yet, the oldest first, with the day
    the agency expects them (effective date + the sponsor's agency_report_days)."""
    today = timezone.localdate()
    days = datetime.timedelta(days=sponsor.agency_report_days)
    sent = ExportedRecord.objects.filter(status_change=OuterRef("pk"))
    changes = (
        reportable_changes(sponsor).filter(enrollment__in=enrollments).exclude(Exists(sent))
        .select_related("enrollment", "to_employer").order_by("effective_date", "pk")
    )
    return [Unreported(c, c.effective_date + days, c.effective_date + days < today) for c in changes]


def recent_exports(sponsor: Sponsor, limit: int = 10) -> list[AgencyExport]:
    return list(AgencyExport.objects.filter(sponsor=sponsor).select_related("by").defer("content")[:limit])
