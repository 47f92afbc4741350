"""Credential types, the credentials apprentices earn, and the credentials a program requires.

Earned credentials belong to the apprentice's Membership (role apprentice).  Changes go through
`credentials.services`.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from imt.dates import add_months
from imt.evidence import evidence_path
from programs.models import Membership, Program, SponsorRecord


class CredentialType(SponsorRecord):
    """A credential an apprentice can earn, e.g. MSSC CPT Safety or OSHA 10, with how long it stays valid."""

    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Leave empty when it does not expire.")
    )
    group = models.CharField(
        _("group"), max_length=60, blank=True, help_text=_("Credentials counted together, e.g. “MSSC CPT”.")
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("credential type")
        verbose_name_plural = _("credential types")
        constraints = [
            models.UniqueConstraint(fields=["sponsor", "name"], name="credential_type_name_unique_per_sponsor"),
        ]

    def __str__(self):
        return self.name

    def expiry_for(self, earned_on):
        """The expiry date of a credential of this type earned on `earned_on` (None when it does not expire)."""
        if not self.validity_months or earned_on is None:
            return None
        return add_months(earned_on, self.validity_months)


class CredentialQuerySet(models.QuerySet):
    def current(self):
        """The credentials as they stand: without those a correction replaced."""
        return self.filter(replaced_by__isnull=True)


class Credential(SponsorRecord):
    """A credential an apprentice earned, with its evidence file and, once checked, who verified it."""

    apprentice = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="credentials", verbose_name=_("apprentice")
    )
    credential_type = models.ForeignKey(
        CredentialType, on_delete=models.PROTECT, related_name="credentials", verbose_name=_("credential")
    )
    earned_on = models.DateField(_("date earned"))
    number = models.CharField(_("certificate number"), max_length=80, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_content_type = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # A verified credential never changes (credentials/protected.py): a correction is a new credential that
    # replaces it, and waits for its own verification.
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("replaces"),
    )

    # A manager of CredentialQuerySet (`.current()`), whose class django-scopes builds at run time.
    objects: ClassVar[Any] = ScopedManager(
        sponsor="sponsor", _manager_class=models.Manager.from_queryset(CredentialQuerySet)
    )

    class Meta:
        ordering = ["credential_type__group", "credential_type__name", "-earned_on"]
        verbose_name = _("earned credential")
        verbose_name_plural = _("earned credentials")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("earned_on")),
                name="credential_expires_after_earned",
            ),
        ]
        indexes = [models.Index(fields=["sponsor", "expires_on"])]

    def __str__(self):
        return f"{self.credential_type} — {self.apprentice.user}"

    @property
    def is_verified(self):
        return self.verified_at is not None


class ProgramCredentialRequirement(SponsorRecord):
    """A credential the program requires (IMT: the four CPT modules, OSHA 10, First Aid/CPR)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    credential_type = models.ForeignKey(CredentialType, on_delete=models.PROTECT, related_name="requirements")

    class Meta:
        ordering = ["credential_type__group", "credential_type__name"]
        verbose_name = _("required credential")
        verbose_name_plural = _("required credentials")
        constraints = [
            models.UniqueConstraint(fields=["program", "credential_type"], name="credential_required_once"),
        ]

    def __str__(self):
        return f"{self.program}: {self.credential_type}"
