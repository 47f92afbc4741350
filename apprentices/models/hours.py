"""OJT entries: hours of on-the-job training, approved (signed) or rejected by a mentor."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apprentices.models.append_only import ImmutableRecordError, scoped
from apprentices.models.enrollments import Enrollment
from jobbook.models import Competency
from programs.models import Membership, Sponsor


class OJTEntryQuerySet(models.QuerySet):
    def counting(self):
        """Entries whose hours count: approved, and not replaced by an approved correction."""
        replaced = OJTEntry._base_manager.filter(corrects=OuterRef("pk"), status=OJTEntry.Status.APPROVED)
        return self.filter(status=OJTEntry.Status.APPROVED).exclude(Exists(replaced))

    def _refuse_unless_all_pending(self, verb):
        if self.exclude(status=OJTEntry.Status.PENDING).exists():
            raise ImmutableRecordError(f"Only pending OJT entries can be {verb}.")

    def update(self, **kwargs):
        self._refuse_unless_all_pending("updated")
        return super().update(**kwargs)

    def delete(self):
        self._refuse_unless_all_pending("deleted")
        return super().delete()


# The reverse managers of the models pointing here are django-scopes' ScopedManagers, built when the
# model is defined: the django-stubs plugin cannot follow them (they are plain managers).
class OJTEntry(models.Model):
    """Hours of on-the-job training on one day against one competency.

    Pending entries may be edited or withdrawn by the apprentice; a mentor approves (signed) or rejects
    (with a reason) them; once no longer pending an entry is frozen, in the ORM and in the database.
    A correction of an approved entry is a new entry (`corrects`) that replaces it once approved.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        """Who keyed the hours: the apprentice, or a file or system of the employer on their behalf."""

        APPRENTICE = "apprentice", _("Logged by the apprentice")
        IMPORT = "import", _("Imported from payroll or a time clock")
        API = "api", _("Posted by an integration")

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="ojt_entries")
    date = models.DateField(_("date"))
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.APPRENTICE)
    # What the source calls it: the import's row ("import:<batch>:<row>") or the API's client key.
    source_ref = models.CharField(_("source reference"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The mentor's decision.  An approval is signed; several entries approved at once share one signature
    # whose content lists each of them.  A rejection carries the reason the apprentice sees.
    decided_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    signature = models.ForeignKey(
        "Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="ojt_entries"
    )

    objects: ClassVar[models.Manager[OJTEntry]] = scoped(OJTEntryQuerySet)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("OJT entry")
        verbose_name_plural = _("OJT entries")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="ojt_hours_between_0_and_24"),
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(status="pending"), name="one_pending_correction_per_entry"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(signature__isnull=False), name="approved_entry_is_signed"
            ),
        ]
        indexes = [
            models.Index(fields=["enrollment", "status", "date"], name="ojt_enrollment_status_idx"),
            models.Index(fields=["enrollment", "date"], name="ojt_enrollment_date_idx"),
        ]

    def __str__(self):
        return f"{self.date} {self.hours} h"

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_status", None)
        if not self._state.adding and stored not in (None, self.Status.PENDING):
            raise ImmutableRecordError(f"An OJT entry that is {stored} never changes; enter a correction instead.")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if getattr(self, "_stored_status", self.status) != self.Status.PENDING:
            raise ImmutableRecordError("Only a pending OJT entry can be deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance


QUARTER = Decimal("0.25")
