"""Electronic signatures (SPEC §6) and the content hash that seals what was signed."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models.append_only import AppendOnlyModel


def content_hash(content):
    """SHA-256 of the canonical JSON of `content` (sorted keys, no whitespace)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# The reverse managers of the models pointing here are django-scopes' ScopedManagers, built when the
# model is defined: the django-stubs plugin cannot follow them (they are plain managers).
class Signature(AppendOnlyModel):
    """An electronic signature (SPEC §6): who, when (server time, UTC), what it means, and a hash of
    what was signed.  Used by hour approvals, skill sign-offs, advanced standing decisions and completion."""

    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    printed_name = models.CharField(_("printed name"), max_length=150)
    signed_at = models.DateTimeField(_("signed at"))
    meaning = models.CharField(_("meaning"), max_length=300)
    content = models.JSONField(_("signed content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    password_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.printed_name}, {self.signed_at:%Y-%m-%d %H:%M} UTC — {self.meaning}"

    def verify(self):
        """True when the stored content still matches its hash."""
        return content_hash(self.content) == self.content_hash
