"""Electronic signatures (SPEC §6): writing one, and the password freshness a signature needs."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from apprentices.models import Signature, content_hash

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from imt.models import User
    from programs.models import Sponsor

# A sign-off needs the signer's password confirmed within this window (SPEC §6).
PASSWORD_CONFIRMATION_WINDOW = datetime.timedelta(minutes=5)


def sign(
    *, sponsor: Sponsor | int, signer: User, meaning: str | _StrPromise, content: dict[str, Any],
    password_confirmed_at: datetime.datetime | None = None,
) -> Signature:
    """Write a signature (SPEC §6): the signer's user and printed name, the server's time (UTC), what the
    signature means, and the SHA-256 hash of `content` (which is stored alongside).  Call inside the
    transaction of the action being signed."""
    signed_at = timezone.now()
    content = {**content, "signer": signer.pk, "printed_name": signer.get_full_name(), "meaning": str(meaning),
               "signed_at": signed_at.isoformat()}
    return Signature.objects.create(
        sponsor_id=sponsor.pk if hasattr(sponsor, "pk") else sponsor, signer=signer,
        printed_name=signer.get_full_name(), signed_at=signed_at, meaning=str(meaning), content=content,
        content_hash=content_hash(content), password_confirmed_at=password_confirmed_at,
    )


def password_recently_confirmed(confirmed_at: datetime.datetime | None) -> bool:
    return confirmed_at is not None and timezone.now() - confirmed_at <= PASSWORD_CONFIRMATION_WINDOW
