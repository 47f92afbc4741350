"""Skill sign-offs: the apprentice's requests, the mentor's signed statements and their revocations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apprentices.models.append_only import AppendOnlyModel
from apprentices.models.enrollments import Enrollment
from apprentices.models.signatures import Signature
from jobbook.models import Skill
from programs.models import Membership, SponsorRecord


class SignOffLevel(models.IntegerChoices):
    """The proficiency scale of a sign-off.  Level 3 is the standard a journeyworker works to."""

    ASSISTED = 1, _("1 — Performs with close supervision")
    DEVELOPING = 2, _("2 — Performs with some help")
    PROFICIENT = 3, _("3 — Performs independently to the standard")
    EXPERT = 4, _("4 — Can teach the skill to others")


class SkillSignOff(AppendOnlyModel):
    """A mentor's signed statement that the apprentice mastered a skill.

    `skill_key` is the skill's stable key, so the sign-off follows the skill into newer Job Book
    versions.  `attempt` counts earlier revoked sign-offs of the same skill: the unique constraint on
    (enrollment, skill_key, attempt) makes two simultaneous sign-offs of one skill produce one.
    """

    MEANING = "I observed the apprentice perform this skill to the standard."

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="sign_offs")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    skill_key = models.CharField(max_length=32)
    attempt = models.PositiveIntegerField(default=0)
    mentor = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=SignOffLevel.choices)
    comment = models.TextField(_("comment"), blank=True)
    observed_on = models.DateField(_("date observed"))
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="sign_off")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("skill sign-off")
        verbose_name_plural = _("skill sign-offs")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "skill_key", "attempt"], name="one_sign_off_per_attempt"),
        ]
        indexes = [models.Index(fields=["enrollment", "skill_key"], name="signoff_enrollment_key_idx")]

    def __str__(self):
        return f"Sign-off {self.skill_key} ({self.level})"


class SignOffRevocation(AppendOnlyModel):
    """Withdraws a sign-off; the sign-off itself stays in the record."""

    sign_off = models.OneToOneField(SkillSignOff, on_delete=models.PROTECT, related_name="revocation")
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="revocation")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-off revocation")
        verbose_name_plural = _("sign-off revocations")

    def __str__(self):
        return f"Revocation of {self.sign_off_id}"


class SignOffRequest(SponsorRecord):
    """An apprentice asking a mentor to observe and sign off a skill."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        FULFILLED = "fulfilled", _("Signed off")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="sign_off_requests")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    skill_key = models.CharField(max_length=32)
    mentor = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("Empty: any of the apprentice's mentors."),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sign_off = models.ForeignKey(SkillSignOff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-off request")
        verbose_name_plural = _("sign-off requests")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "skill_key"], condition=Q(status="pending"),
                name="one_pending_request_per_skill",
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "status"], name="signoffrequest_queue_idx")]

    def __str__(self):
        return f"Request {self.skill_key}"
