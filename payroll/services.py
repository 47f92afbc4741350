"""Writes of the hours import: upload a file, save the employer's column mapping, build the preview,
and confirm it — each one transaction.  Only the employer admin imports, only for their employer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, OJTEntry
from apprentices.services.hours import hours_record
from imt.permissions import require
from jobbook.models import Competency
from payroll import checks, files
from payroll.models import HoursImport, HoursImportRow, HoursMapping

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from programs.models import Membership

PERMISSION = "hours.import"
MAPPING_FIELDS = ("apprentice_column", "match_by", "date_column", "date_format", "hours_column",
                  "competency_column", "default_competency_key", "note_column")


def mapping_of(hours_import: HoursImport) -> HoursMapping | None:
    return HoursMapping.objects.filter(employer=hours_import.employer_id).first()


def hours_import_upload(*, by: Membership, upload: UploadedFile) -> HoursImport:
    """Keep an uploaded CSV or XLSX file of the employer admin's employer, read by tablib.  When the
    employer's saved mapping names columns the file has, the preview is built at once (status
    "preview"); otherwise the import waits for its mapping ("mapping").  Nothing is logged as hours."""
    require(by, PERMISSION)
    content = upload.read()
    fmt = files.file_format(upload.name or "", content[:4])
    sheet = files.read_sheet(content, fmt)
    with transaction.atomic():
        hours_import = HoursImport.objects.create(
            sponsor_id=by.sponsor_id, employer_id=by.employer_id, created_by=by.user,
            file_name=(upload.name or "")[:255],
            file_format=fmt, sha256=files.sha256_of(content), content=content, headers=sheet.headers,
            rows_total=len(sheet.rows),
        )
        mapping = mapping_of(hours_import)
        if mapping is not None and set(mapping.columns) <= set(sheet.headers) and _competency_set(mapping):
            _build_preview(hours_import, mapping, sheet)
    return hours_import


def _competency_set(mapping: HoursMapping) -> bool:
    return bool(mapping.competency_column or mapping.default_competency_key)


def hours_mapping_save(*, by: Membership, hours_import: HoursImport, **fields: Any) -> HoursMapping:
    """Save the employer's column mapping (one per employer) from the columns of `hours_import`, then
    build that import's preview again.  Refuses a column the file does not have, and a mapping with
    neither a competency column nor a default competency."""
    require(by, PERMISSION, hours_import)
    values = {name: (fields.get(name) or "") for name in MAPPING_FIELDS}
    headers = set(hours_import.headers)
    errors: dict[str, str] = {}
    for name in ("apprentice_column", "date_column", "hours_column", "competency_column", "note_column"):
        if values[name] and values[name] not in headers:
            errors[name] = _("The file has no column “%(column)s”.") % {"column": values[name]}
    for name in ("apprentice_column", "date_column", "hours_column"):
        if not values[name]:
            errors[name] = _("Choose the column.")
    if not values["competency_column"] and not values["default_competency_key"]:
        errors["default_competency_key"] = _("Choose a competency column or a default competency.")
    if values["default_competency_key"] and not Competency.objects.filter(
            version__job_book__employer=hours_import.employer_id, key=values["default_competency_key"]).exists():
        errors["default_competency_key"] = _("Choose a competency of your Job Book.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hours_import = HoursImport.objects.select_for_update().get(pk=hours_import.pk)
        if not hours_import.is_open:
            raise ValidationError(_("This file is already imported; upload it again to map it otherwise."))
        mapping, _created = HoursMapping.objects.update_or_create(
            sponsor_id=hours_import.sponsor_id, employer_id=hours_import.employer_id,
            defaults={**values, "updated_by": by.user},
        )
        _build_preview(hours_import, mapping, files.read_sheet(bytes(hours_import.content), hours_import.file_format))
    return mapping


def _build_preview(hours_import: HoursImport, mapping: HoursMapping, sheet: files.Sheet) -> None:
    """The rows of the file as the mapping reads them, each with its outcome; replaces an earlier preview."""
    checked = checks.check_rows(hours_import.employer, mapping, sheet.rows)
    hours_import.rows.all().delete()
    HoursImportRow.objects.bulk_create([
        HoursImportRow(
            sponsor_id=hours_import.sponsor_id, hours_import=hours_import, number=row.number, values=row.values,
            apprentice_text=row.values.get(mapping.apprentice_column, "")[:254],
            enrollment=row.enrollment, date=row.date, competency=row.competency, hours=row.hours,
            note=row.note, outcome=row.outcome, reasons=row.reasons or ([row.duplicate] if row.duplicate else []),
        )
        for row in checked
    ])
    outcomes = [row.outcome for row in checked]
    hours_import.status = HoursImport.Status.PREVIEW
    hours_import.rows_total = len(checked)
    hours_import.rows_to_create = outcomes.count(HoursImportRow.Outcome.CREATE)
    hours_import.rows_duplicate = outcomes.count(HoursImportRow.Outcome.DUPLICATE)
    hours_import.rows_refused = outcomes.count(HoursImportRow.Outcome.REFUSED)
    hours_import.save()


def hours_import_confirm(*, by: Membership, hours_import: HoursImport) -> HoursImport:
    """Log each row of the preview that is to be imported as a pending OJT entry through `hours_record`
    (source "import", reference "import:<id>:<row>", recorded by the admin), so every rule of an entry
    applies again now and the mentor approves them like any other.  A row that has become a duplicate
    since the preview is skipped; one the rules now refuse is refused with the reason.  Runs once: the
    import is locked and a second confirmation finds it imported and changes nothing."""
    require(by, PERMISSION, hours_import)
    with transaction.atomic():
        hours_import = HoursImport.objects.select_for_update().get(pk=hours_import.pk)
        if hours_import.status == HoursImport.Status.IMPORTED:
            return hours_import
        if hours_import.status != HoursImport.Status.PREVIEW:
            raise ValidationError(_("Map the file's columns first."))
        rows = list(hours_import.rows.filter(outcome=HoursImportRow.Outcome.CREATE)
                    .select_related("enrollment", "competency").order_by("number"))
        # The apprentices' rows locked in id order (the order hours_record and every other caller lock in),
        # so the duplicate check below sees every entry committed before it.
        list(Enrollment.objects.select_for_update().filter(pk__in={row.enrollment_id for row in rows})
             .order_by("pk").values_list("pk", flat=True))
        for row in rows:
            _import_row(hours_import, row, by)
        outcomes = list(hours_import.rows.values_list("outcome", flat=True))
        hours_import.status = HoursImport.Status.IMPORTED
        hours_import.confirmed_by, hours_import.confirmed_at = by.user, timezone.now()
        hours_import.rows_to_create = 0
        hours_import.rows_created = outcomes.count(HoursImportRow.Outcome.CREATED)
        hours_import.rows_duplicate = outcomes.count(HoursImportRow.Outcome.DUPLICATE)
        hours_import.rows_refused = outcomes.count(HoursImportRow.Outcome.REFUSED)
        hours_import.save()
    return hours_import


def _import_row(hours_import: HoursImport, row: HoursImportRow, by: Membership) -> None:
    # A row to create was matched and read whole.
    assert row.enrollment is not None and row.date is not None and row.hours is not None
    already = OJTEntry.objects.filter(
        enrollment=row.enrollment_id, date=row.date, competency=row.competency_id, hours=row.hours,
        source=OJTEntry.Source.IMPORT, status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED],
    ).exists()
    if already:
        row.outcome = HoursImportRow.Outcome.DUPLICATE
        row.reasons = [_("The same hours are already imported for this apprentice, day and competency.")]
    else:
        try:
            row.entry = hours_record(
                enrollment=row.enrollment, by=by.user, date=row.date, competency=row.competency, hours=row.hours,
                note=row.note, source=OJTEntry.Source.IMPORT, source_ref=f"import:{hours_import.pk}:{row.number}",
            )
        except ValidationError as error:
            row.outcome, row.reasons = HoursImportRow.Outcome.REFUSED, error.messages
        else:
            row.outcome = HoursImportRow.Outcome.CREATED
    row.save(update_fields=["outcome", "reasons", "entry"])
