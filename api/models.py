"""Tokens of the integrations API, the calls made with them, and the client keys that make posting
hours idempotent.

A token's secret is never stored: only its SHA-256 and its first characters (the prefix, shown on the
token's page so that an admin can tell tokens apart).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Employer, SponsorRecord


class ApiToken(SponsorRecord):
    """A sponsor's key for one integration: it reads (and with the write scope, posts hours) for the
    whole sponsor or, with an employer, for that employer's apprentices only."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and post hours")

    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. “Payroll sync”."))
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    secret_hash = models.CharField(max_length=64)  # SHA-256 of the whole token, hexadecimal
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("employer"),
        help_text=_("Leave empty for every employer of the sponsor."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Set on the token a request presents (api.selectors.token_presented): it may be used now.
    usable = False

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class ApiCall(SponsorRecord):
    """One request made with a known token (refused ones included), for the token's page."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="calls")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status_code = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        indexes = [models.Index(fields=["token", "-at"], name="api_call_token_latest")]


class ClientKey(SponsorRecord):
    """An integration's idempotency key for one posted entry: a repeat with the same key answers that
    entry instead of logging the hours twice.  `fingerprint` is the SHA-256 of what was posted, so that
    the same key with other content is refused."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="client_keys")
    key = models.CharField(max_length=120)
    fingerprint = models.CharField(max_length=64)
    entry = models.ForeignKey("apprentices.OJTEntry", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("client key")
        verbose_name_plural = _("client keys")
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_client_key_unique_per_token")]
