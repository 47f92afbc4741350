"""State-changing actions on credentials: types, earned credentials, verification, program requirements.

Each function is one transaction and the only way to perform its action.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credentials.models import Credential, CredentialType, ProgramCredentialRequirement
from credentials.standard import IMT_CREDENTIAL_TYPES, IMT_REQUIRED_CREDENTIALS
from imt.evidence import evidence_content_type
from imt.permissions import Role
from imt.uploads import delete_after_commit, server_name

EDITABLE_FIELDS = ("credential_type", "earned_on", "number", "expires_on")


def _check(apprentice, credential_type, earned_on, expires_on):
    errors = {}
    if apprentice.role != Role.APPRENTICE or not apprentice.is_active:
        errors["apprentice"] = _("Choose an active apprentice.")
    if credential_type.sponsor_id != apprentice.sponsor_id:
        errors["credential_type"] = _("Choose a credential of this sponsor.")
    if earned_on and earned_on > timezone.localdate():
        errors["earned_on"] = _("The date earned cannot be in the future.")
    if earned_on and expires_on and expires_on <= earned_on:
        errors["expires_on"] = _("The expiry date must come after the date earned.")
    return errors


def _evidence_type(evidence, errors):
    try:
        content_type = evidence_content_type(evidence)
    except ValidationError as error:
        errors["evidence"] = error.messages
        return None
    return content_type


def credential_record(*, apprentice, credential_type, earned_on, by, number="", expires_on=None, evidence=None):
    """Record a credential the apprentice earned.

    The expiry defaults to the date earned plus the type's validity.  The evidence file, when
    given, is checked by its content and stored under a name of the server's; on any error nothing
    is stored.
    """
    if expires_on is None:
        expires_on = credential_type.expiry_for(earned_on)
    errors = _check(apprentice, credential_type, earned_on, expires_on)
    content_type = _evidence_type(evidence, errors) if evidence is not None else ""
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        credential = Credential(
            sponsor_id=apprentice.sponsor_id, apprentice=apprentice, credential_type=credential_type,
            earned_on=earned_on, number=number.strip(), expires_on=expires_on, recorded_by=by,
        )
        if evidence is not None:
            credential.evidence_content_type = content_type
            credential.evidence.save(server_name(content_type), evidence, save=False)
        credential.save()
        return credential


def credential_update(*, credential, by, evidence=None, **changes):
    """Correct a credential's dates, number or evidence; returns the credential as it now stands.

    An unverified credential is changed in place (a replaced evidence file is removed from storage once
    the change is committed; a rollback keeps it).  A verified one never changes: the correction is a new,
    unverified credential that replaces it, keeps its evidence unless a new file is given, and waits for
    the sponsor to verify it; the verified record stays as it was verified.
    """
    if Credential.objects.filter(replaces=credential).exists():
        raise ValidationError(_("This credential was corrected since; change the newest record."))
    if credential.is_verified:
        correction = Credential(
            sponsor_id=credential.sponsor_id, apprentice=credential.apprentice, replaces=credential, recorded_by=by,
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
    content_type = _evidence_type(evidence, errors) if evidence is not None else None
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


def credential_verify(*, credential, by):
    """Mark a credential verified by `by`, now.  Verifying twice keeps the first verification."""
    with transaction.atomic():
        credential = Credential.objects.select_for_update().get(pk=credential.pk)
        if Credential.objects.filter(replaces=credential).exists():
            raise ValidationError(_("This credential was corrected since; verify the newest record."))
        if credential.verified_at is None:
            credential.verified_by, credential.verified_at = by, timezone.now()
            credential.save(update_fields=["verified_by", "verified_at"])
        return credential


def credential_types_seed(*, sponsor):
    """Add the IMT credential types the sponsor does not have yet."""
    existing = set(CredentialType.objects.filter(sponsor=sponsor).values_list("name", flat=True))
    for name, issuer, months, group in IMT_CREDENTIAL_TYPES:
        if name not in existing:
            CredentialType.objects.create(sponsor=sponsor, name=name, issuer=issuer, validity_months=months,
                                          group=group)


def requirements_set(*, program, credential_types):
    """Make `credential_types` the required credentials of `program`."""
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


def program_requirements_seed(*, program):
    """Give a program without required credentials those of the IMT standard."""
    if ProgramCredentialRequirement.objects.filter(program=program).exists():
        return
    credential_types_seed(sponsor=program.sponsor)
    types = CredentialType.objects.filter(sponsor=program.sponsor, name__in=IMT_REQUIRED_CREDENTIALS)
    requirements_set(program=program, credential_types=types)
