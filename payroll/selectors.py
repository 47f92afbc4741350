"""Reads of the hours import: who sees which import, an employer's imports, an import's rows, and the
sample file an employer's mapping expects."""

from __future__ import annotations

import csv
import io

from django.db.models import QuerySet
from django.utils import timezone

from imt import visibility
from imt.permissions import Role
from jobbook.models import Competency, JobBookVersion
from payroll.models import DATE_PATTERNS, DateFormat, HoursImport, HoursImportRow, HoursMapping
from programs.models import Membership


@visibility.rule("hours_import", HoursImport)
def imports_visible_to(membership: Membership) -> QuerySet[HoursImport]:
    """Sponsor staff see every import of the sponsor; an employer admin their employer's; nobody else any."""
    imports = HoursImport.objects.filter(sponsor=membership.sponsor_id).select_related("employer", "created_by")
    if not membership.is_active:
        return imports.none()
    if membership.is_sponsor_staff:
        return imports
    if membership.role == Role.EMPLOYER_ADMIN:
        return imports.filter(employer=membership.employer_id)
    return imports.none()


def imports_list(membership: Membership) -> QuerySet[HoursImport]:
    """The imports `membership` sees, newest first, without their files."""
    return imports_visible_to(membership).defer("content").order_by("-created_at", "-pk")


def import_rows(hours_import: HoursImport, outcome: str = "") -> QuerySet[HoursImportRow]:
    """The import's rows in file order, of one outcome when `outcome` names one."""
    rows = hours_import.rows.select_related("enrollment", "competency").order_by("number")
    return rows.filter(outcome=outcome) if outcome else rows


def same_file_imported(hours_import: HoursImport) -> HoursImport | None:
    """An earlier import of the very same file (same SHA-256) for the same employer, if one was confirmed."""
    return (HoursImport.objects.filter(employer=hours_import.employer_id, sha256=hours_import.sha256,
                                       status=HoursImport.Status.IMPORTED)
            .exclude(pk=hours_import.pk).defer("content").order_by("-confirmed_at").first())


def mapping_for(membership: Membership) -> HoursMapping | None:
    return HoursMapping.objects.filter(employer=membership.employer_id).first() if membership.employer_id else None


def employer_competencies(employer_id: int) -> list[Competency]:
    """The competencies of the employer's published Job Book versions, one per key, in Job Book order."""
    found = (Competency.objects.filter(version__job_book__employer=employer_id,
                                       version__status=JobBookVersion.Status.PUBLISHED)
             .order_by("version__job_book__name", "position", "pk"))
    seen: dict[str, Competency] = {}
    for competency in found:
        seen.setdefault(competency.key, competency)
    return list(seen.values())


SAMPLE_HEADERS = ["Employee e-mail", "Work date", "Hours", "Competency", "Note"]


def sample_csv(membership: Membership) -> str:
    """A CSV with the columns the employer's mapping reads (or the suggested ones) and one example row."""
    mapping = mapping_for(membership)
    competencies = employer_competencies(membership.employer_id) if membership.employer_id else []
    example_competency = competencies[0].name if competencies else "Operate production equipment"
    day = timezone.localdate()
    if mapping is None:
        headers = SAMPLE_HEADERS
        row = ["apprentice@example.com", day.strftime(DATE_PATTERNS[DateFormat.US]), "8", example_competency,
               "Line 3 setup"]
    else:
        columns = {mapping.apprentice_column: ("apprentice@example.com" if mapping.match_by == "email"
                                               else "Jordan Example"),
                   mapping.date_column: day.strftime(DATE_PATTERNS[DateFormat(mapping.date_format)]),
                   mapping.hours_column: "8"}
        if mapping.competency_column:
            columns[mapping.competency_column] = example_competency
        if mapping.note_column:
            columns[mapping.note_column] = "Line 3 setup"
        headers, row = list(columns), list(columns.values())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerow(row)
    return out.getvalue()
