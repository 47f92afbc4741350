"""Roster imports: upload a file (its rows are checked: the preview), confirm it (the rows are
imported, each in its own transaction), and pick up an import whose worker stopped.

Nothing of the domain is written before the confirmation: uploading and checking write only the
import and its rows.  Importing goes through apprentices' services (enrollment_create and
demographics_save), so every rule of enrolling by hand holds: the ratio checks, the current standards
version, the agreement its receivers produce, the invitation of a new apprentice.  A file with more
than INLINE_ROWS rows is checked and imported by Celery workers while its page shows the progress."""

from __future__ import annotations

import datetime
import json
import logging
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.services import demographics_save, enrollment_create
from imports.checking import ROW, Checked, Lookups, check_row
from imports.columns import BY_KEY, DEMOGRAPHIC_FIELD
from imports.models import RosterImport, RosterImportRow
from imports.reading import read_roster
from imt import dispatch, visibility
from imt.permissions import Role, require

if TYPE_CHECKING:
    from imt.models import User
    from programs.models import Membership

logger = logging.getLogger(__name__)
Status = RosterImport.Status
Action = RosterImportRow.Action
Outcome = RosterImportRow.Outcome
INLINE_ROWS = 200  # up to this many rows, checking and importing run in the request
BATCH = 500  # rows checked per transaction; progress is written after each batch
PROGRESS_EVERY = 25  # rows imported between two progress updates
# A service's field names that are not the file's column keys.
FIELD_COLUMN = {"full_name": "name", "mentors": "mentor", "job_book_version": "program",
                **{field: key for key, field in DEMOGRAPHIC_FIELD.items()}}


def roster_import_upload(*, membership: Membership, name: str, content: bytes) -> tuple[RosterImport, bool]:
    """Read an uploaded roster file and start checking its rows: (the import, True).  A file whose
    SHA-256 matches an import the member can see gives that import back, (it, False): the same file
    twice creates nothing new.  An unusable file raises ValidationError and stores nothing."""
    require(membership, "roster.import")
    roster = read_roster(name, content)
    earlier = visibility.visible(membership, "roster_import").filter(sha256=roster.sha256).first()
    if earlier is not None:
        return earlier, False
    with transaction.atomic():
        roster_import = RosterImport.objects.create(
            sponsor=membership.sponsor, by=membership.user, file_name=name[:255], sha256=roster.sha256,
            employer=membership.employer if membership.role == Role.EMPLOYER_ADMIN else None,
            rows_total=len(roster.rows), progress_total=len(roster.rows),
        )
        RosterImportRow.objects.bulk_create(
            [RosterImportRow(sponsor=membership.sponsor, roster_import=roster_import, number=number, values=cells)
             for number, cells in roster.rows],
            batch_size=1000,
        )
    _start(roster_import, "check")
    roster_import.refresh_from_db()
    return roster_import, True


def _start(roster_import: RosterImport, phase: str) -> None:
    """Run `phase` (check or import) now for a small file, else hand it to a worker.  Called after the
    transaction that wrote the import committed."""
    from imports import tasks

    if roster_import.rows_total <= INLINE_ROWS:
        if phase == "check":
            roster_import_check(roster_import_id=roster_import.pk)
        else:
            roster_import_run(roster_import_id=roster_import.pk)
    else:
        task = tasks.check_roster_import if phase == "check" else tasks.run_roster_import
        dispatch.send(task, roster_import.sponsor_id, roster_import.pk)


def _lookups(roster_import: RosterImport, *, ratio: bool = False) -> Lookups:
    rows = RosterImportRow.objects.filter(roster_import=roster_import).values_list("number", "values")
    return Lookups.read(sponsor=roster_import.sponsor, only_employer=roster_import.employer, rows=rows, ratio=ratio)


def roster_import_check(*, roster_import_id: int) -> RosterImport:
    """Check the rows not checked yet, a batch per transaction with the progress after each, then count
    the actions and make the import ready for confirmation.  Safe to run twice, and after a worker
    died half-way: rows already checked are kept."""
    roster_import = RosterImport.objects.select_related("sponsor", "employer").get(pk=roster_import_id)
    if roster_import.status != Status.PREVIEWING:
        return roster_import
    lookups = _lookups(roster_import, ratio=True)
    # After a worker stopped half-way: the rows already to create count against the ratio of those below.
    for row in RosterImportRow.objects.filter(roster_import=roster_import, action=Action.CREATE).order_by("number"):
        check_row(row.number, row.values, lookups)
    pending = RosterImportRow.objects.filter(roster_import=roster_import, action="").order_by("number")
    while batch := list(pending[:BATCH]):
        # Rows with the same outcome (most often: to create, no errors) are written by one UPDATE.
        same: dict[str, list[int]] = defaultdict(list)
        for row in batch:
            checked = check_row(row.number, row.values, lookups)
            same[json.dumps([checked.action, checked.errors, checked.changes])].append(row.pk)
        with transaction.atomic():
            for outcome, pks in same.items():
                action, errors, changes = json.loads(outcome)
                RosterImportRow.objects.filter(pk__in=pks).update(action=action, errors=errors, changes=changes)
            done = RosterImportRow.objects.filter(roster_import=roster_import).exclude(action="").count()
            RosterImport.objects.filter(pk=roster_import.pk).update(progress_done=done, updated_at=timezone.now())
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.status == Status.PREVIEWING:
            counts = _counts(roster_import, "action")
            roster_import.to_create = counts.get(Action.CREATE, 0)
            roster_import.to_update = counts.get(Action.UPDATE, 0)
            roster_import.unchanged = counts.get(Action.UNCHANGED, 0)
            roster_import.refused = counts.get(Action.REFUSED, 0)
            roster_import.progress_done = roster_import.progress_total
            roster_import.status = Status.READY if roster_import.to_import else Status.NOTHING
            roster_import.save()
    return roster_import


def _counts(roster_import: RosterImport, field: str) -> dict[str, int]:
    rows = RosterImportRow.objects.filter(roster_import=roster_import).values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows.order_by()}


def roster_import_confirm(*, membership: Membership, roster_import: RosterImport) -> RosterImport:
    """Start importing the rows to create and to update, once: confirming an import that is importing
    or imported already (a double click, a retried request) changes nothing."""
    require(membership, "roster.import", roster_import)
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.status != Status.READY:
            return roster_import
        roster_import.status = Status.IMPORTING
        roster_import.confirmed_by = membership.user
        roster_import.confirmed_at = timezone.now()
        roster_import.progress_done = 0
        roster_import.save()
    _start(roster_import, "import")
    roster_import.refresh_from_db()
    return roster_import


def roster_import_run(*, roster_import_id: int, seconds: float | None = None) -> bool:
    """Import the rows not imported yet, in row order, each in its own transaction (a row that fails
    is recorded as failed and the others go on).  With `seconds`, stops after about that long and
    returns True when rows are left, so that a worker hands the rest to a fresh task.  Safe to run
    twice, and after a worker died: a row already imported is skipped."""
    roster_import = RosterImport.objects.select_related("sponsor", "employer", "confirmed_by").get(
        pk=roster_import_id)
    if roster_import.status != Status.IMPORTING:
        return False
    deadline = time.monotonic() + seconds if seconds else None
    lookups = _lookups(roster_import)
    pending = RosterImportRow.objects.filter(roster_import=roster_import, outcome="").order_by("number")
    since_progress = 0
    for row in pending.iterator(chunk_size=500):
        _import_row(roster_import, row.pk, lookups)
        since_progress += 1
        if since_progress >= PROGRESS_EVERY:
            _write_progress(roster_import)
            since_progress = 0
        if deadline is not None and time.monotonic() > deadline:
            _write_progress(roster_import)
            return pending.exists()
    _finish(roster_import)
    return False


def _write_progress(roster_import: RosterImport) -> None:
    done = RosterImportRow.objects.filter(roster_import=roster_import).exclude(outcome="").count()
    RosterImport.objects.filter(pk=roster_import.pk).update(progress_done=done, updated_at=timezone.now())


def _finish(roster_import: RosterImport) -> None:
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.status != Status.IMPORTING:
            return
        counts = _counts(locked, "outcome")
        locked.created = counts.get(Outcome.CREATED, 0)
        locked.updated = counts.get(Outcome.UPDATED, 0)
        locked.failed = counts.get(Outcome.FAILED, 0)
        locked.progress_done = locked.progress_total
        locked.status = Status.DONE
        locked.finished_at = timezone.now()
        locked.save()


def _import_row(roster_import: RosterImport, row_pk: int, lookups: Lookups) -> None:
    try:
        with transaction.atomic():
            row = RosterImportRow.objects.select_for_update().get(pk=row_pk)
            if row.outcome:  # another worker took it meanwhile
                return
            if row.action in (Action.REFUSED, Action.UNCHANGED):
                row.outcome = Outcome.SKIPPED
            else:
                _write_row(roster_import, row, check_row(row.number, row.values, lookups))
            row.save(update_fields=["outcome", "outcome_error", "errors", "enrollment", "invitation"])
    except ValidationError as error:
        _record_failure(row_pk, _errors_by_column(error))
    except Exception:  # a bug or a lost connection on one row must not stop the rows after it
        logger.exception("Roster import %s: row %s failed", roster_import.pk, row_pk)
        _record_failure(row_pk, {ROW: [_("This row could not be imported because of an unexpected error.")]})


def _write_row(roster_import: RosterImport, row: RosterImportRow, checked: Checked) -> None:
    by: User = roster_import.confirmed_by or roster_import.by
    if checked.errors:  # the sponsor's records changed since the preview
        row.outcome, row.errors = Outcome.FAILED, checked.errors
        row.outcome_error = _("Refused when importing.")
    elif checked.action == Action.UNCHANGED:
        row.outcome = Outcome.SKIPPED
    elif checked.existing is not None:
        demographics_save(enrollment=checked.existing, by=by, **_merged(checked))
        row.outcome, row.enrollment = Outcome.UPDATED, checked.existing
    else:
        assert checked.program and checked.employer and checked.version  # a row without errors names them
        enrollment = enrollment_create(
            sponsor=roster_import.sponsor, by=by, program=checked.program, employer=checked.employer,
            job_book_version=checked.version, start_date=checked.values["start_date"], mentors=checked.mentors,
            email=checked.values["email"], full_name=checked.values["name"],
            demographics=checked.demographics() or None,
        )
        row.outcome, row.enrollment, row.invitation_id = Outcome.CREATED, enrollment, enrollment.invitation_id


def _merged(checked: Checked) -> dict[str, Any]:
    """The enrollment's recorded answers with the row's given ones over them (demographics_save
    writes every field: an answer the row leaves empty keeps its recorded value)."""
    record = getattr(checked.existing, "demographics", None)
    fields = ["date_of_birth", "date_of_birth_declined", "races", "sex", "ethnicity", "veteran_status",
              "education_level", "disability", "employment_status", "address_line", "city", "state",
              "postal_code", "phone"]
    answers = {f: getattr(record, f) for f in fields} if record is not None else {}
    given = checked.demographics()
    answers.update(given)
    if given.get("date_of_birth"):
        answers["date_of_birth_declined"] = False
    return answers


def _errors_by_column(error: ValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {ROW: list(error.messages)}
    by_column: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        key = FIELD_COLUMN.get(field, field)
        by_column.setdefault(key if key in BY_KEY else ROW, []).extend(messages)
    return by_column


def _record_failure(row_pk: int, errors: dict[str, list[str]]) -> None:
    with transaction.atomic():
        RosterImportRow.objects.filter(pk=row_pk, outcome="").update(
            outcome=Outcome.FAILED, errors=errors, outcome_error=" ".join(m for ms in errors.values() for m in ms))


def roster_imports_stalled(*, minutes: int = 5) -> list[RosterImport]:
    """The imports being checked or imported whose worker wrote no progress for `minutes` (it died, or
    its message was lost): the periodic job hands them to a worker again.  Call inside the scope."""
    quiet_since = timezone.now() - datetime.timedelta(minutes=minutes)
    return list(RosterImport.objects.filter(status__in=RosterImport.WORKING, updated_at__lt=quiet_since))
