"""An apprentice's wage progression: the raises their registered wage schedule makes due, and the
employer's decision on each.  Both are append-only (wages/protected.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models import Enrollment, Signature
from apprentices.models.append_only import AppendOnlyModel


class RaiseDue(AppendOnlyModel):
    """A step of the enrollment's wage schedule (`step` is its index in the standards version's
    `wage_schedule`) that approved hours, months in the program or competencies mastered have reached.
    Written once per enrollment and step, whoever notices it first."""

    class Basis(models.TextChoices):
        HOURS = "hours", _("approved OJT hours")
        MONTHS = "months", _("months in the program")
        COMPETENCIES = "competencies", _("competencies mastered")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="raises_due")
    step = models.PositiveSmallIntegerField(_("wage step"))
    reached_on = models.DateField(_("reached on"))
    basis = models.CharField(_("reached by"), max_length=12, choices=Basis.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "step"]
        verbose_name = _("raise due")
        verbose_name_plural = _("raises due")
        constraints = [models.UniqueConstraint(fields=["enrollment", "step"], name="one_raise_per_step")]
        indexes = [models.Index(fields=["sponsor", "reached_on"], name="raisedue_sponsor_idx")]

    def __str__(self):
        return f"{self.enrollment_id} step {self.step + 1} ({self.reached_on})"

    @property
    def step_number(self) -> int:
        return self.step + 1


class WageDecision(AppendOnlyModel):
    """The employer admin's answer to a raise due: confirmed from an effective date at a rate (signed),
    or declined with the reason why."""

    class Decision(models.TextChoices):
        CONFIRM = "confirm", _("Confirmed")
        DECLINE = "decline", _("Not granted")

    raise_due = models.OneToOneField(RaiseDue, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    hourly_rate = models.DecimalField(_("hourly rate (USD)"), max_digits=7, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("% of the journeyworker wage"), max_digits=6, decimal_places=2, null=True,
                                  blank=True)
    reason = models.TextField(_("reason"), blank=True)
    signature = models.ForeignKey(Signature, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["raise_due", "pk"]
        verbose_name = _("wage decision")
        verbose_name_plural = _("wage decisions")

    def __str__(self):
        return f"{self.get_decision_display()} {self.effective_date or ''}"
