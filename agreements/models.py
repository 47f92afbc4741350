"""The apprenticeship agreement (29 CFR 29.7): a frozen snapshot of the terms an apprentice is registered
under, and the signatures of its three parties.  An original is produced at enrollment; a transfer, a
move to another standards version or credit granted produce a numbered amendment that supersedes it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models import AdvancedStanding, Enrollment, Signature, StatusChange
from apprentices.models.append_only import AppendOnlyModel


class Party(models.TextChoices):
    APPRENTICE = "apprentice", _("Apprentice")
    EMPLOYER = "employer", _("Employer")
    SPONSOR = "sponsor", _("Sponsor")


class Agreement(AppendOnlyModel):
    """One version of an enrollment's agreement: number 1 is the original, 2, 3 … its amendments.

    `content` holds everything the agreement states, copied from the enrollment, its standards version,
    the sponsor, the employer and the credit granted, at the time it was produced; `content_hash` seals
    it and is what each party's signature refers to.  Pending until all three parties have signed;
    superseded once a later agreement of the same enrollment exists."""

    class Reason(models.TextChoices):
        ORIGINAL = "original", _("Enrollment")
        TRANSFER = "transfer", _("Transfer to another employer")
        STANDARDS = "standards", _("Move to another standards version")
        CREDIT = "credit", _("Credit for previous experience granted")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="agreements")
    number = models.PositiveIntegerField(_("number"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    # What produced it: a line of the enrollment's history, or an approved advanced standing.
    status_change = models.OneToOneField(
        StatusChange, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement"
    )
    standing = models.OneToOneField(
        AdvancedStanding, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement"
    )
    content = models.JSONField(_("terms"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["enrollment", "number"]
        verbose_name = _("apprenticeship agreement")
        verbose_name_plural = _("apprenticeship agreements")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "number"], name="agreement_number_unique"),
        ]

    def __str__(self):
        if self.number == 1:
            return str(_("Apprenticeship agreement"))
        return str(_("Amendment %(number)s") % {"number": self.number - 1})

    @property
    def is_amendment(self):
        return self.number > 1


class AgreementSignature(AppendOnlyModel):
    """A party's signature of one agreement (the signature itself is an apprentices Signature)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    party = models.CharField(_("signed as"), max_length=10, choices=Party.choices)
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="agreement_signature")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "created_at", "pk"]
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="agreement_signed_once_per_party"),
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.signature}"
