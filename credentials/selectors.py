"""Reads of credentials: an apprentice's credentials, expiring ones, and the requirements checklist.

The visibility rules of the credential records the URLs name (imt/visibility.py) are here too.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from credentials.models import Credential, CredentialType, ProgramCredentialRequirement
from imt import visibility
from programs.models import Membership, Program, Sponsor
from rti import selectors as rti_selectors

EXPIRY_WARNING_DAYS = 30

# --- Who sees what (imt/visibility.py) --------------------------------------


@visibility.rule("credential", Credential)
def credentials_visible_to(membership: Membership) -> QuerySet[Credential]:
    """The credentials (those a correction replaced included) of the apprentices whose records `membership`
    may see."""
    return Credential.objects.filter(apprentice__in=rti_selectors.apprentices_visible_to(membership)).select_related(
        "credential_type", "apprentice__user", "verified_by"
    )


@visibility.rule("credential_type", CredentialType)
def credential_types_visible_to(membership: Membership) -> QuerySet[CredentialType]:
    """Every credential type of the sponsor: every member may see them (they name the credentials)."""
    return CredentialType.objects.filter(sponsor_id=membership.sponsor_id)


# --- Reads -----------------------------------------------------------------


def credential_types(sponsor: Sponsor) -> QuerySet[CredentialType]:
    """The sponsor's credential types, the retired ones last."""
    return CredentialType.objects.filter(sponsor=sponsor).order_by("retired_at", "group", "name")


def is_current(credential: Credential) -> bool:
    """Whether the credential still stands (no correction replaced it)."""
    return bool(Credential.objects.current().filter(pk=credential.pk).exists())


def credentials_of(apprentice: Membership) -> QuerySet[Credential]:
    return (
        Credential.objects.current().filter(apprentice=apprentice)
        .select_related("credential_type", "verified_by", "recorded_by")
        .order_by("credential_type__group", "credential_type__name", "-earned_on")
    )


def credential_list(membership: Membership) -> QuerySet[Credential]:
    """The credentials `membership` may see, newest first."""
    return (
        Credential.objects.current().filter(apprentice__in=rti_selectors.apprentices_visible_to(membership))
        .select_related("credential_type", "apprentice__user", "apprentice__employer", "verified_by")
        .order_by("-recorded_at")
    )


def expiring(
    membership: Membership, *, days: int = EXPIRY_WARNING_DAYS, today: datetime.date | None = None
) -> QuerySet[Credential]:
    """Credentials of the apprentices `membership` may see that expire within `days` (or have expired)."""
    today = today or timezone.localdate()
    return (
        credential_list(membership)
        .filter(expires_on__isnull=False, expires_on__lte=today + timedelta(days=days))
        .filter(~Q(expires_on__lt=today - timedelta(days=365)))  # long-expired ones are old news
        .order_by("expires_on")
    )


def required_credential_types(program: Program | None) -> QuerySet[CredentialType]:
    if program is None:
        return CredentialType.objects.none()
    return CredentialType.objects.filter(
        pk__in=ProgramCredentialRequirement.objects.filter(program=program).values("credential_type_id")
    ).order_by("group", "name")


def credential_checklist(
    apprentice: Membership, program: Program | None = None, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """The credential lines of the checklist: each required credential held and valid today.

    Credentials of one group (the four MSSC CPT modules) also get a summary line, "3 of 4 MSSC CPT".
    """
    program = program or rti_selectors.program_of(apprentice)
    if program is None:
        return []
    today = today or timezone.localdate()
    held: dict[int, tuple[Credential, bool]] = {}
    for credential in Credential.objects.current().filter(apprentice=apprentice).order_by("earned_on"):
        valid = credential.expires_on is None or credential.expires_on >= today
        held[credential.credential_type_id] = (credential, valid)
    lines: list[dict[str, Any]] = []
    groups: dict[str, tuple[int, int]] = {}
    for credential_type in required_credential_types(program):
        credential, valid = held.get(credential_type.pk, (None, False))
        if credential is None:
            detail = _("not yet")
        elif not valid and credential.expires_on is not None:  # not valid: expired
            detail = _("expired %(date)s") % {"date": date_format(credential.expires_on)}
        elif not credential.is_verified:
            detail = _("recorded, waiting for the sponsor's verification")
        else:
            detail = _("verified")
        # Only a verified, unexpired credential meets the requirement; a valid one not yet verified waits.
        met = valid and credential is not None and credential.is_verified
        waiting = valid and credential is not None and not credential.is_verified
        lines.append({"label": credential_type.name, "met": met, "waiting": waiting, "detail": detail,
                      "group": credential_type.group})
        if credential_type.group:
            got, total = groups.get(credential_type.group, (0, 0))
            groups[credential_type.group] = (got + int(met), total + 1)
    summary = [
        {"label": _("%(group)s modules") % {"group": group}, "met": got == total,
         "detail": _("%(got)d of %(total)d") % {"got": got, "total": total}, "group": "", "summary": True}
        for group, (got, total) in groups.items()
    ]
    return summary + lines


def requirements_checklist(apprentice: Membership) -> dict[str, Any]:
    """Everything the apprentice's program requires of RTI and credentials, each line with its numbers."""
    from apprentices.selectors import current_enrollment

    enrollment = current_enrollment(apprentice)
    program = enrollment.program if enrollment is not None else rti_selectors.program_of(apprentice)
    # RTI hours as the standards version the apprentice is registered under sets them.
    required = enrollment.standards_version.rti_hours_required if enrollment is not None else None
    return {
        "program": program,
        "standards": enrollment.standards_version if enrollment is not None else None,
        "rti": rti_selectors.rti_checklist(apprentice, program, rti_hours_required=required),
        "credentials": credential_checklist(apprentice, program),
    }
