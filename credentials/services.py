"""State-changing actions on credentials: types, earned credentials, verification, program requirements.

Each function is one transaction and the only way to perform its action.  `by` is the acting member;
each action checks the permission its page declares for writing (imt/permissions.require), and the record
against the member's visibility rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credentials.models import Credential, CredentialType, ProgramCredentialRequirement
from credentials.standard import IMT_CREDENTIAL_TYPES, IMT_REQUIRED_CREDENTIALS
from imt.evidence import evidence_content_type
from imt.permissions import Role, require
from imt.uploads import delete_after_commit, server_name
from programs.models import Membership, Program, Sponsor
from rti import services as rti_services
from rti.models import Course

EDITABLE_FIELDS = ("credential_type", "earned_on", "number", "expires_on")
TYPE_FIELDS = ("name", "issuer", "validity_months", "group")

# --- Credential types ------------------------------------------------------


def credential_type_create(
    *, by: Membership, name: str, issuer: str = "", validity_months: int | None = None, group: str = ""
) -> CredentialType:
    """Add a credential apprentices of the acting member's sponsor can earn."""
    require(by, "credentials.manage_types")
    return CredentialType.objects.create(
        sponsor_id=by.sponsor_id, name=name, issuer=issuer, validity_months=validity_months, group=group
    )


def credential_type_update(
    *, credential_type: CredentialType, by: Membership, name: str, issuer: str = "",
    validity_months: int | None = None, group: str = "",
) -> CredentialType:
    """Rename a credential type or change its issuer, validity or group; credentials already recorded keep
    their expiry dates."""
    require(by, "credentials.manage_types", credential_type)
    credential_type.name, credential_type.issuer = name, issuer
    credential_type.validity_months, credential_type.group = validity_months, group
    credential_type.save(update_fields=list(TYPE_FIELDS))
    return credential_type


# --- Earned credentials ----------------------------------------------------


def _check(
    apprentice: Membership, credential_type: CredentialType, earned_on: datetime.date | None,
    expires_on: datetime.date | None,
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if apprentice.role != Role.APPRENTICE or not apprentice.is_active:
        errors["apprentice"] = _("Choose an active apprentice.")
    if credential_type.sponsor_id != apprentice.sponsor_id:
        errors["credential_type"] = _("Choose a credential of this sponsor.")
    if earned_on and earned_on > timezone.localdate():
        errors["earned_on"] = _("The date earned cannot be in the future.")
    if earned_on and expires_on and expires_on <= earned_on:
        errors["expires_on"] = _("The expiry date must come after the date earned.")
    return errors


def _evidence_type(evidence: UploadedFile, errors: dict[str, Any]) -> str:
    """The evidence file's type; "" with its error added to `errors` when the file is refused."""
    try:
        content_type = evidence_content_type(evidence)
    except ValidationError as error:
        errors["evidence"] = error.messages
        return ""
    return content_type


def credential_record(
    *, apprentice: Membership, credential_type: CredentialType, earned_on: datetime.date, by: Membership,
    number: str = "", expires_on: datetime.date | None = None, evidence: UploadedFile | None = None,
) -> Credential:
    """Record a credential the apprentice earned.

    The expiry defaults to the date earned plus the type's validity.  The evidence file, when
    given, is checked by its content and stored under a name of the server's; on any error nothing
    is stored.
    """
    rti_services.require_apprentice(by, "credentials.record", apprentice)
    if expires_on is None:
        expires_on = credential_type.expiry_for(earned_on)
    errors = _check(apprentice, credential_type, earned_on, expires_on)
    content_type = _evidence_type(evidence, errors) if evidence is not None else ""
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        credential = Credential(
            sponsor_id=apprentice.sponsor_id, apprentice=apprentice, credential_type=credential_type,
            earned_on=earned_on, number=number.strip(), expires_on=expires_on, recorded_by=by.user,
        )
        if evidence is not None:
            credential.evidence_content_type = content_type
            credential.evidence.save(server_name(content_type), evidence, save=False)
        credential.save()
        return credential


def credential_update(
    *, credential: Credential, by: Membership, evidence: UploadedFile | None = None, **changes: Any
) -> Credential:
    """Correct a credential's dates, number or evidence; returns the credential as it now stands.

    An unverified credential is changed in place (a replaced evidence file is removed from storage once
    the change is committed; a rollback keeps it).  A verified one never changes: the correction is a new,
    unverified credential that replaces it, keeps its evidence unless a new file is given, and waits for
    the sponsor to verify it; the verified record stays as it was verified.
    """
    require(by, "credentials.record", credential)
    if Credential.objects.filter(replaces=credential).exists():
        raise ValidationError(_("This credential was corrected since; change the newest record."))
    if credential.is_verified:
        correction = Credential(
            sponsor_id=credential.sponsor_id, apprentice=credential.apprentice, replaces=credential,
            recorded_by=by.user,
            **{field: getattr(credential, field) for field in EDITABLE_FIELDS},
            evidence=credential.evidence.name, evidence_content_type=credential.evidence_content_type,
        )
        target, replaced_file = correction, None
    else:
        target, replaced_file = credential, credential.evidence.name
    for field in EDITABLE_FIELDS:
        if field in changes:
            setattr(target, field, changes[field])
    errors = _check(target.apprentice, target.credential_type, target.earned_on, target.expires_on)
    content_type = _evidence_type(evidence, errors) if evidence is not None else ""
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if evidence is not None:
            target.evidence_content_type = content_type
            target.evidence.save(server_name(content_type), evidence, save=False)
            if replaced_file:
                delete_after_commit(target.evidence.storage, replaced_file)
        target.save()
        return target


def credential_verify(*, credential: Credential, by: Membership) -> Credential:
    """Mark a credential verified by `by`, now.  Verifying twice keeps the first verification."""
    require(by, "credentials.verify", credential)
    with transaction.atomic():
        credential = Credential.objects.select_for_update().get(pk=credential.pk)
        if Credential.objects.filter(replaces=credential).exists():
            raise ValidationError(_("This credential was corrected since; verify the newest record."))
        if credential.verified_at is None:
            credential.verified_by, credential.verified_at = by.user, timezone.now()
            credential.save(update_fields=["verified_by", "verified_at"])
        return credential


# --- Seeding and requirements ---------------------------------------------


def credential_types_seed(*, sponsor: Sponsor) -> None:
    """Add the IMT credential types the sponsor does not have yet."""
    existing = set(CredentialType.objects.filter(sponsor=sponsor).values_list("name", flat=True))
    for name, issuer, months, group in IMT_CREDENTIAL_TYPES:
        if name not in existing:
            CredentialType.objects.create(sponsor=sponsor, name=name, issuer=issuer, validity_months=months,
                                          group=group)


def requirements_set(
    *, program: Program, courses: Iterable[Course], credential_types: Iterable[CredentialType], by: Membership
) -> None:
    """Make `courses` and `credential_types` what `program` requires of RTI and credentials, both or neither."""
    rti_services.require_own_sponsor(by, *credential_types)
    with transaction.atomic():
        rti_services.requirements_set(program=program, courses=courses, by=by)
        _requirements_write(program=program, credential_types=credential_types)


def _requirements_write(*, program: Program, credential_types: Iterable[CredentialType]) -> None:
    with transaction.atomic():
        wanted = {t.pk for t in credential_types}
        ProgramCredentialRequirement.objects.filter(program=program).exclude(credential_type__in=wanted).delete()
        have = set(
            ProgramCredentialRequirement.objects.filter(program=program).values_list("credential_type_id", flat=True)
        )
        for pk in wanted - have:
            ProgramCredentialRequirement.objects.create(
                sponsor_id=program.sponsor_id, program=program, credential_type_id=pk
            )


def program_requirements_seed(*, program: Program) -> None:
    """Give a program without required credentials those of the IMT standard."""
    if ProgramCredentialRequirement.objects.filter(program=program).exists():
        return
    credential_types_seed(sponsor=program.sponsor)
    types = CredentialType.objects.filter(sponsor=program.sponsor, name__in=IMT_REQUIRED_CREDENTIALS)
    _requirements_write(program=program, credential_types=types)
