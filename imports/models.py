"""A roster file uploaded by an admin, and its rows: what each row would do (the preview) and what it
did once confirmed.  The file itself is not kept: its rows' cells are, with the SHA-256 of its bytes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models import Enrollment
from programs.models import Employer, Invitation, SponsorRecord


class RosterImport(SponsorRecord):
    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Checking the rows")
        READY = "ready", _("Waiting for confirmation")
        NOTHING = "nothing", _("Nothing to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    WORKING = (Status.PREVIEWING, Status.IMPORTING)

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set when an employer admin uploaded: every row is held to this employer.
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWING)
    rows_total = models.PositiveIntegerField(default=0)
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # The current phase's progress: rows checked while previewing, rows imported while importing.
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # a worker touches it as it goes: a stalled one shows
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sponsor", "sha256"], name="roster_import_file")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress_done__lte=models.F("progress_total")),
                                   name="roster_import_progress_within_total"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING

    @property
    def to_import(self) -> int:
        return self.to_create + self.to_update


class RosterImportRow(SponsorRecord):
    class Action(models.TextChoices):
        CREATE = "create", _("To create")
        UPDATE = "update", _("To update")
        UNCHANGED = "unchanged", _("Unchanged")
        REFUSED = "refused", _("Refused")

    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))  # as the spreadsheet numbers it: the header is row 1
    values = models.JSONField(default=dict)  # the cells, by column key, as text
    action = models.CharField(max_length=10, choices=Action.choices, blank=True)  # blank until checked
    errors = models.JSONField(default=dict)  # column key (or "row") → [messages]
    changes = models.JSONField(default=list)  # the column keys an update changes
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)  # blank until imported
    outcome_error = models.TextField(blank=True)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["roster_import", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roster_import", "number"], name="roster_import_row_number_unique"),
        ]

    def __str__(self):
        return f"Row {self.number} of {self.roster_import_id}"
