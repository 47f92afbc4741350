"""Writes of the integrations API: creating and revoking tokens (the sponsor admin), recording each call,
and posting hours on an apprentice's behalf, idempotent by the client's key."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from api import tokens
from api.models import ApiCall, ApiToken, ClientKey
from apprentices.models import Enrollment, OJTEntry
from apprentices.services.hours import hours_record
from imt.permissions import require
from programs.models import Sponsor

if TYPE_CHECKING:
    from jobbook.models import Competency
    from programs.models import Employer, Membership

CLIENT_KEY_MAX = 120  # OJTEntry.source_ref


class ClientKeyConflict(Exception):
    """The client key was used before for other content."""


# --- Tokens ----------------------------------------------------------------------------------


def api_token_create(
    *, by: Membership, name: str, scope: str, employer: Employer | None = None
) -> tuple[ApiToken, str]:
    """Create a token of `by`'s sponsor; returns it and the whole token, which is stored only as its
    SHA-256 and must be shown to the admin now or never."""
    require(by, "api.manage")
    if employer is not None and employer.sponsor_id != by.sponsor_id:
        raise ValidationError({"employer": _("Choose one of this sponsor's employers.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read or read and post hours.")})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name that says what uses it.")})
    with transaction.atomic():
        while True:  # 36^8 prefixes: a clash is rare, and a clash is simply drawn again
            prefix, token = tokens.generate()
            if not ApiToken._base_manager.filter(prefix=prefix).exists():
                break
        record = ApiToken.objects.create(
            sponsor_id=by.sponsor_id, name=name, prefix=prefix, secret_hash=tokens.digest(token), scope=scope,
            employer=employer, created_by=by.user,
        )
    return record, token


def api_token_revoke(*, token: ApiToken, by: Membership) -> ApiToken:
    """Revoke `token` at once: the next call with it is refused.  Revoking a revoked token changes nothing."""
    require(by, "api.manage", token)
    with transaction.atomic():
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=by.user)
        token.refresh_from_db()
    return token


def api_call_record(
    *, token: ApiToken, method: str, path: str, status_code: int, duration_ms: int, client_address: str | None,
) -> ApiCall:
    """Keep one call made with `token` and note when the token was last used."""
    now = timezone.now()
    with transaction.atomic():
        call = ApiCall.objects.create(
            sponsor_id=token.sponsor_id, token=token, method=method[:10], path=path[:300], status_code=status_code,
            at=now, duration_ms=max(0, duration_ms), client_address=client_address or None,
        )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return call


def api_calls_purge(now: datetime.datetime | None = None) -> int:
    """Forget the calls older than settings.API_CALL_RETENTION_DAYS, sponsor by sponsor, one transaction
    each; returns how many.  Running it twice deletes nothing more."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.API_CALL_RETENTION_DAYS)
    deleted = 0
    for sponsor in Sponsor.objects.order_by("pk"):
        with scope(sponsor=sponsor), transaction.atomic():
            deleted += ApiCall.objects.filter(sponsor=sponsor, at__lt=cutoff).delete()[0]
    return deleted


# --- Hours -----------------------------------------------------------------------------------


@dataclass
class Posted:
    entry: OJTEntry
    created: bool  # False: the answer to a repeat of the same key and content


def _fingerprint(enrollment: Enrollment, date: datetime.date | None, competency: Competency | None,
                 hours: Decimal | str | None, note: str) -> str:
    try:
        amount = str(Decimal(str(hours).strip()).quantize(Decimal("0.01")))
    except (InvalidOperation, ValueError):
        amount = str(hours)
    content = [enrollment.pk, date.isoformat() if date else None, competency.pk if competency else None, amount,
               (note or "").strip()]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


def hours_post(
    *, token: ApiToken, enrollment: Enrollment, key: str, date: datetime.date | None,
    competency: Competency | None, hours: Decimal | str | None, note: str = "",
) -> Posted:
    """Post hours for an enrollment the token reads, as a pending entry under every rule of the
    apprentice's own logging, attributed to the token's creator and to the integration (source API, the
    client `key` as its reference).

    The same key with the same content answers the entry it made (whatever its status now); with other
    content it raises ClientKeyConflict.  A refused entry (ValidationError) keeps no key, so the client
    may send it again corrected.  Posts of one token are serialised by a lock on the token's row."""
    if not token.can_write:
        raise PermissionDenied(_("This token may only read."))
    key = (key or "").strip()
    if not key:
        raise ValidationError({"client_key": _("Send an Idempotency-Key header or a client_key.")})
    if len(key) > CLIENT_KEY_MAX:
        raise ValidationError({"client_key": _("A client key has at most %(n)d characters.") % {"n": CLIENT_KEY_MAX}})
    fingerprint = _fingerprint(enrollment, date, competency, hours, note)
    with transaction.atomic():
        ApiToken.objects.select_for_update().filter(pk=token.pk).first()
        known = ClientKey.objects.filter(token=token, key=key).select_related("entry__competency").first()
        if known is not None:
            if known.fingerprint != fingerprint:
                raise ClientKeyConflict(
                    _("This client key was already used for other hours (entry %(id)d). Use a new key for new hours.")
                    % {"id": known.entry_id}
                )
            return Posted(entry=known.entry, created=False)
        entry = hours_record(
            enrollment=enrollment, by=token.created_by, date=date, competency=competency,
            hours=None if hours is None else str(hours), note=note, source=OJTEntry.Source.API, source_ref=key,
        )
        ClientKey.objects.create(sponsor_id=token.sponsor_id, token=token, key=key, fingerprint=fingerprint,
                                 entry=entry)
    return Posted(entry=entry, created=True)
