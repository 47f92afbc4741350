"""Issued transcripts and their revocations: both written once and kept (transcripts/protected.py)."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models import Enrollment
from apprentices.models.append_only import AppendOnlyModel

CODE_LENGTH = 16  # base32 characters: 80 random bits
CODE_GROUP = 4


def new_code() -> str:
    """Sixteen random base32 characters (A–Z, 2–7): 10 random bytes encode to exactly 16, with no padding."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def normalise_code(text: str) -> str:
    """A code as typed (any case, with spaces or dashes between groups) in its stored form."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def grouped(code: str) -> str:
    """ABCD-EFGH-JKLM-NPQR: easier to read aloud and to type."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


class TranscriptIssue(AppendOnlyModel):
    """A transcript handed out: its verification code and the SHA-256 of the record's content when it was issued.

    `summary` is what the public verification page shows (name, program, totals, status): kept here so that
    the page reads nothing else of the apprentice.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="transcript_issues")
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    summary = models.JSONField(_("summary shown on the verification page"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("issued transcript")
        verbose_name_plural = _("issued transcripts")
        indexes = [models.Index(fields=["enrollment", "issued_at"], name="transcriptissue_enrollment_idx")]

    def __str__(self):
        return f"Transcript {self.grouped_code}"

    @property
    def grouped_code(self) -> str:
        return grouped(self.code)


class TranscriptRevocation(AppendOnlyModel):
    """The sponsor's withdrawal of an issued transcript, with its reason; the issue itself stays."""

    issue = models.OneToOneField(TranscriptIssue, on_delete=models.PROTECT, related_name="revocation")
    reason = models.TextField(_("reason"))
    revoked_at = models.DateTimeField(_("revoked at"))
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-revoked_at", "-pk"]
        verbose_name = _("transcript revocation")
        verbose_name_plural = _("transcript revocations")

    def __str__(self):
        return f"Revocation of {self.issue_id}"
