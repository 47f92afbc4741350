"""Writes for the agency's reports: recording a RAPIDS export with the records it carried."""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.models import AgencyExport, ExportedRecord
from agency.rapids import Row, write_csv
from agency.selectors import export_rows
from imt.permissions import require
from programs.models import Sponsor

if TYPE_CHECKING:
    from programs.models import Membership


def agency_export(*, by: Membership, since: datetime.date | None) -> tuple[AgencyExport, list[Row]]:
    """Build the RAPIDS CSV of `by`'s sponsor for changes effective on or after `since` and record it:
    the export (who, when, since, how many rows and held back, the CSV and its SHA-256) and one
    ExportedRecord per change carried by a valid row.  Rows that fail validation are held back.  A sponsor
    admin only (agency.export)."""
    require(by, "agency.export")
    if since is None:
        raise ValidationError({"since": _("Enter the date the export starts from.")})
    if since > timezone.localdate():
        raise ValidationError({"since": _("The date cannot be in the future.")})
    sponsor = by.sponsor
    rows = export_rows(sponsor, since)
    content = write_csv(rows)
    valid = [row for row in rows if row.valid]
    sha256 = hashlib.sha256(content.encode()).hexdigest()
    with transaction.atomic():
        # One export at a time per sponsor; the same file asked for again (a retried download, a double
        # click) is the export already recorded, not a second one.
        Sponsor.objects.select_for_update().filter(pk=sponsor.pk).first()
        newest = AgencyExport.objects.filter(sponsor=sponsor).order_by("-created_at", "-pk").first()
        if newest is not None and newest.since == since and newest.sha256 == sha256:
            return newest, rows
        export = AgencyExport.objects.create(
            sponsor=sponsor, by=by.user, since=since, rows=len(valid), held_back=len(rows) - len(valid),
            content=content, sha256=sha256,
        )
        ExportedRecord.objects.bulk_create([
            ExportedRecord(sponsor=sponsor, export=export, enrollment=row.enrollment, status_change=change)
            for row in valid for change in row.changes
        ])
    return export, rows
