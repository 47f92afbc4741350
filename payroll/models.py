"""Hours imported from an employer's payroll or time clock: the employer's column mapping, each uploaded
file and each of its rows with what the import makes of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models import Enrollment, OJTEntry
from jobbook.models import Competency
from programs.models import Employer, SponsorRecord


class DateFormat(models.TextChoices):
    """How a payroll export writes a day (a spreadsheet's own date cells are read as dates whatever this says)."""

    ISO = "iso", _("2026-03-31 (year-month-day)")
    US = "us", _("03/31/2026 (month/day/year)")
    US_SHORT = "us_short", _("03/31/26 (month/day/two-digit year)")
    DAY_FIRST = "day_first", _("31/03/2026 (day/month/year)")


DATE_PATTERNS = {
    DateFormat.ISO: "%Y-%m-%d",
    DateFormat.US: "%m/%d/%Y",
    DateFormat.US_SHORT: "%m/%d/%y",
    DateFormat.DAY_FIRST: "%d/%m/%Y",
}


class HoursMapping(SponsorRecord):
    """Which column of an employer's payroll file holds what: saved at the first upload, reused (and
    editable) at the next ones.  Columns are named by their header text."""

    class MatchBy(models.TextChoices):
        EMAIL = "email", _("E-mail address")
        NAME = "name", _("Full name")

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    apprentice_column = models.CharField(_("apprentice column"), max_length=200)
    match_by = models.CharField(_("the apprentice column holds their"), max_length=8, choices=MatchBy.choices,
                                default=MatchBy.EMAIL)
    date_column = models.CharField(_("date column"), max_length=200)
    date_format = models.CharField(_("date format"), max_length=10, choices=DateFormat.choices,
                                   default=DateFormat.US)
    hours_column = models.CharField(_("hours column"), max_length=200)
    competency_column = models.CharField(_("competency column"), max_length=200, blank=True)
    # The key of a competency of the employer's Job Book (keys stay the same across versions): each row is
    # booked on that competency of the apprentice's own version.
    default_competency_key = models.CharField(_("default competency"), max_length=32, blank=True)
    note_column = models.CharField(_("note column"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hours column mapping")
        verbose_name_plural = _("hours column mappings")
        constraints = [models.UniqueConstraint(fields=["employer"], name="one_hours_mapping_per_employer")]

    def __str__(self):
        return f"{self.employer_id}: {self.apprentice_column}, {self.date_column}, {self.hours_column}"

    @property
    def columns(self) -> list[str]:
        """The file columns this mapping reads."""
        named = [self.apprentice_column, self.date_column, self.hours_column, self.competency_column, self.note_column]
        return [column for column in named if column]


class HoursImport(SponsorRecord):
    """One uploaded file: waiting for its mapping, previewed, then imported once."""

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Waiting for the column mapping")
        PREVIEW = "preview", _("Previewed, not imported")
        IMPORTED = "imported", _("Imported")

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(max_length=4)  # "csv" or "xlsx"
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField()
    headers = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MAPPING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_to_create = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hours import")
        verbose_name_plural = _("hours imports")
        indexes = [models.Index(fields=["sponsor", "employer", "created_at"], name="hoursimport_employer_idx")]

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    @property
    def is_open(self) -> bool:
        """Still to be confirmed: its mapping and preview may change."""
        return self.status != self.Status.IMPORTED


class HoursImportRow(SponsorRecord):
    """A data row of an import (`number` is its line in the spreadsheet, the header being line 1): the
    values read, what they were matched to, and the outcome."""

    class Outcome(models.TextChoices):
        CREATE = "create", _("To import")
        DUPLICATE = "duplicate", _("Skipped: already logged")
        REFUSED = "refused", _("Refused")
        CREATED = "created", _("Imported")

    hours_import = models.ForeignKey(HoursImport, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))
    values = models.JSONField(default=dict)
    apprentice_text = models.CharField(_("apprentice as the file names them"), max_length=254, blank=True)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    date = models.DateField(_("date"), null=True, blank=True)
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reasons = models.JSONField(default=list)
    entry = models.ForeignKey(OJTEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["hours_import", "number"]
        verbose_name = _("hours import row")
        verbose_name_plural = _("hours import rows")
        constraints = [models.UniqueConstraint(fields=["hours_import", "number"], name="one_row_per_line")]

    def __str__(self):
        return f"{self.hours_import_id} row {self.number}: {self.outcome}"
