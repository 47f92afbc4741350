"""The unsubscribe link: a signed token naming one person, one sponsor and one kind of notification.

It needs no sign-in (a mail client's one-click unsubscribe has none), so the signature is all that stands
between a stranger and the person's settings: the token is made with the site's secret key and a salt of
its own, and a token edited by hand (another person, another kind) does not verify.  It does not expire:
an e-mail read months later still unsubscribes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "notifications.unsubscribe"
# Not a kind: the token of a digest e-mail, which stops every kind that comes in the digest.
ALL_DIGESTS = "*digest"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    sponsor_id: int
    kind: str

    @property
    def is_digest(self) -> bool:
        return self.kind == ALL_DIGESTS


def make(*, user_id: int, sponsor_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "s": sponsor_id, "k": kind}, salt=SALT)


def read(token: str) -> Unsubscribe | None:
    """What a token names, or None when it was not made here (tampered, truncated, another salt)."""
    try:
        data: Any = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, sponsor_id, kind = data.get("u"), data.get("s"), data.get("k")
    if not (isinstance(user_id, int) and isinstance(sponsor_id, int) and isinstance(kind, str)):
        return None
    return Unsubscribe(user_id=user_id, sponsor_id=sponsor_id, kind=kind)


def url(*, user_id: int, sponsor_id: int, kind: str) -> str:
    """The absolute unsubscribe address for an e-mail."""
    token = make(user_id=user_id, sponsor_id=sponsor_id, kind=kind)
    return settings.SITE_URL.rstrip("/") + reverse("notifications_unsubscribe", args=[token])
