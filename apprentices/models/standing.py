"""Advanced standing: credit for prior learning, requested by the employer and decided by the sponsor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apprentices.models.enrollments import Enrollment
from apprentices.models.signatures import Signature
from imt.evidence import evidence_path
from jobbook.models import Competency, Skill
from programs.models import SponsorRecord


class AdvancedStanding(SponsorRecord):
    """Credit for prior learning: hours per competency and/or skills, requested by the employer and
    decided by sponsor staff.  Approved credit counts in progress as credited, never as signed off."""

    class Basis(models.TextChoices):
        EXPERIENCE = "experience", _("Prior work experience")
        COURSE = "course", _("Prior course")
        CREDENTIAL = "credential", _("Credential")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the sponsor")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="advanced_standings")
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    description = models.TextField(_("description"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    signature = models.OneToOneField(
        Signature, on_delete=models.PROTECT, null=True, blank=True, related_name="advanced_standing"
    )

    class Meta:
        ordering = ["-requested_at", "pk"]
        verbose_name = _("advanced standing")
        verbose_name_plural = _("advanced standing requests")
        indexes = [models.Index(fields=["enrollment", "status"], name="standing_enrollment_idx")]

    def __str__(self):
        return f"{self.get_basis_display()} ({self.get_status_display()})"


class CreditedHours(SponsorRecord):
    standing = models.ForeignKey(AdvancedStanding, on_delete=models.CASCADE, related_name="hours")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    competency_key = models.CharField(max_length=32)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("credited hours")
        verbose_name_plural = _("credited hours")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="credited_hours_positive"),
            models.UniqueConstraint(fields=["standing", "competency_key"], name="credited_hours_once_per_competency"),
        ]

    def __str__(self):
        return f"{self.hours} h credited"


class CreditedSkill(SponsorRecord):
    standing = models.ForeignKey(AdvancedStanding, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    skill_key = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("credited skill")
        verbose_name_plural = _("credited skills")
        constraints = [
            models.UniqueConstraint(fields=["standing", "skill_key"], name="credited_skill_once_per_request"),
        ]

    def __str__(self):
        return f"Skill {self.skill_key} credited"
