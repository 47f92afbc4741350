"""Writes of the transcript: issuing one (a verification code and the hash of the record as it is now)
and the sponsor admin's revocation of an issued one.  Both rows are append-only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment
from imt.permissions import require
from programs.models import Membership
from transcripts.models import TranscriptIssue, TranscriptRevocation, new_code
from transcripts.selectors import revocation_of, transcript_record

CODE_ATTEMPTS = 5


@transaction.atomic
def transcript_issue(*, enrollment: Enrollment, by: Membership) -> TranscriptIssue:
    """Issue the enrollment's transcript: the apprentice for themself, their employer admin or the sponsor
    admin.  Keeps the hash of the record's content and the summary the verification page shows."""
    require(by, "transcripts.issue", enrollment)
    record = transcript_record(enrollment)
    content_hash, summary = record.content_hash(), record.summary()
    with transaction.atomic():
        # Issuing an unchanged record again (a retried request, a double click) hands back its code.
        Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
        same = TranscriptIssue.objects.filter(enrollment=enrollment, content_hash=content_hash,
                                              revocation__isnull=True).order_by("-issued_at", "-pk").first()
        if same is not None:
            return same
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return TranscriptIssue.objects.create(
                    sponsor_id=enrollment.sponsor_id, enrollment=enrollment, code=new_code(),
                    content_hash=content_hash, summary=summary, issued_at=timezone.now(), issued_by=by.user,
                )
        except IntegrityError:  # 80 random bits collided: draw again
            continue
    raise RuntimeError("Could not draw an unused verification code.")


@transaction.atomic
def transcript_revoke(*, issue: TranscriptIssue, by: Membership, reason: str) -> TranscriptRevocation:
    """Withdraw an issued transcript; the verification page says so from now on."""
    require(by, "transcripts.revoke", issue)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the transcript is revoked.")})
    issue = TranscriptIssue.objects.select_for_update().get(pk=issue.pk)
    if revocation_of(issue) is not None:
        raise ValidationError(_("This transcript was already revoked."))
    return TranscriptRevocation.objects.create(
        sponsor_id=issue.sponsor_id, issue=issue, reason=reason, revoked_at=timezone.now(), revoked_by=by.user,
    )
