"""What was sent to the registration agency: each RAPIDS export and the records it carried.

Both are append-only (agency/protected.py): the sponsor must be able to show what was reported and
when, so an export is never changed or deleted once made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apprentices.models import AppendOnlyModel, Enrollment, StatusChange


class AgencyExport(AppendOnlyModel):
    """One RAPIDS CSV downloaded by a sponsor admin: the rows that passed validation, and how many were
    held back.  The CSV itself is kept with its SHA-256."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    since = models.DateField(_("changes since"))
    rows = models.PositiveIntegerField(_("rows exported"))
    held_back = models.PositiveIntegerField(_("rows held back"))
    content = models.TextField(_("CSV"))
    sha256 = models.CharField(_("SHA-256 of the CSV"), max_length=64)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("agency export")
        verbose_name_plural = _("agency exports")

    def __str__(self):
        return f"RAPIDS export {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def filename(self):
        return f"rapids-{self.sponsor_id}-{self.created_at:%Y%m%d-%H%M%S}.csv"


class ExportedRecord(AppendOnlyModel):
    """An enrollment (and the status change that made it reportable) carried by an export."""

    export = models.ForeignKey(AgencyExport, on_delete=models.PROTECT, related_name="records")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="agency_records")
    status_change = models.ForeignKey(
        StatusChange, on_delete=models.PROTECT, null=True, blank=True, related_name="exported_records"
    )

    class Meta:
        ordering = ["export", "pk"]
        verbose_name = _("exported record")
        verbose_name_plural = _("exported records")
        indexes = [models.Index(fields=["status_change"], name="exported_status_change_idx")]

    def __str__(self):
        return f"{self.enrollment_id} in export {self.export_id}"
