"""Advanced standing: the employer asks the sponsor to credit prior learning (hours and skills, with
evidence); sponsor staff approve or reject the request, signed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import AdvancedStanding, CreditedHours, CreditedSkill
from apprentices.services._records import lock, refresh_roster_keys
from apprentices.services.hours import QUARTER, TypedHours, typed_hours
from apprentices.services.signatures import sign
from imt.evidence import evidence_content_type
from imt.permissions import require
from imt.text import DESCRIPTION_MAX_LENGTH, clean_text, text_problem
from imt.uploads import server_name

if TYPE_CHECKING:
    from apprentices.models import Enrollment
    from imt.models import User
    from jobbook.models import Competency, Skill
    from programs.models import Membership

STANDING_MEANING = "I decide this request for advanced standing as recorded."


def advanced_standing_request(
    *, enrollment: Enrollment, by: User, basis: str, description: str, evidence: File[bytes] | None = None,
    hours: Mapping[Competency, TypedHours | None] | None = None, skills: Iterable[Skill] | None = (),
) -> AdvancedStanding:
    """The employer asks the sponsor to credit prior learning: `hours` ({competency: hours}) and/or
    `skills` of the enrollment's Job Book version, with a basis, a description and an evidence file
    (checked by its content and stored under a name of the server's).  Credited hours of a competency
    may not exceed its target hours."""
    hours = {c: v for c, v in (hours or {}).items() if v not in (None, "", 0)}
    skills = list(skills or [])
    errors: dict[str, str | list[str]] = {}
    if basis not in AdvancedStanding.Basis.values:
        errors["basis"] = _("Choose the basis of the credit.")
    if not (description or "").strip():
        errors["description"] = _("Describe the prior experience, course or credential.")
    elif problem := text_problem(description, DESCRIPTION_MAX_LENGTH):
        errors["description"] = problem
    if not evidence:
        errors["evidence"] = _("Attach the evidence: a certificate, transcript or letter.")
    else:
        try:
            content_type = evidence_content_type(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if not hours and not skills:
        errors[NON_FIELD_ERRORS] = _("Credit some hours, some skills, or both.")
    cleaned: dict[Competency, Decimal] = {}
    for competency, value in hours.items():
        if competency.version_id != enrollment.job_book_version_id:
            errors["hours"] = _("Choose competencies of the apprentice's Job Book.")
            continue
        too_much = _("“%(name)s” has a target of %(target)s hours; credit at most that.") % {
            "name": competency.name, "target": competency.target_hours}
        try:
            amount = typed_hours(value)
        except ValidationError:
            errors["hours"] = too_much
            continue
        if amount is None or not amount.is_finite() or amount <= 0:
            errors["hours"] = _("Enter credited hours greater than zero in quarter-hour steps.")
        elif amount > competency.target_hours:
            errors["hours"] = too_much
        elif amount % QUARTER:
            errors["hours"] = _("Enter credited hours greater than zero in quarter-hour steps.")
        else:
            cleaned[competency] = amount
    for skill in skills:
        if skill.competency.version_id != enrollment.job_book_version_id:
            errors["skills"] = _("Choose skills of the apprentice's Job Book.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enrollment = lock(enrollment)
        standing = AdvancedStanding(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, basis=basis, description=description.strip(),
            requested_by=by,
        )
        standing.evidence.save(server_name(content_type), evidence, save=False)
        standing.save()
        CreditedHours.objects.bulk_create([
            CreditedHours(sponsor_id=enrollment.sponsor_id, standing=standing, competency=c, competency_key=c.key,
                          hours=amount)
            for c, amount in cleaned.items()
        ])
        CreditedSkill.objects.bulk_create([
            CreditedSkill(sponsor_id=enrollment.sponsor_id, standing=standing, skill=s, skill_key=s.key)
            for s in {s.pk: s for s in skills}.values()
        ])
    return standing


def advanced_standing_decide(
    *, standing: AdvancedStanding, by: Membership, approve: bool, note: str | None = "",
) -> AdvancedStanding:
    """Sponsor staff (`by`, a Membership) approve or reject a pending request, signed, with a note
    (required to reject).  Approved credit counts in progress as credited, never as signed off."""
    note = clean_text(note, field="decision_note")
    require(by, "standing.decide", standing)
    if not approve and not note:
        raise ValidationError({"decision_note": _("Say why the credit is not granted.")})
    with transaction.atomic():
        lock(standing.enrollment)
        standing = AdvancedStanding.objects.select_for_update().get(pk=standing.pk)
        if standing.status != AdvancedStanding.Status.PENDING:
            raise ValidationError(_("This request was already %(status)s.")
                                  % {"status": standing.get_status_display().lower()})
        status = AdvancedStanding.Status.APPROVED if approve else AdvancedStanding.Status.REJECTED
        standing.signature = sign(
            sponsor=standing.sponsor_id, signer=by.user, meaning=STANDING_MEANING,
            content={"action": "advanced_standing", "standing": standing.pk, "decision": status,
                     "hours": [(h.competency_key, str(h.hours)) for h in standing.hours.all()],
                     "skills": [s.skill_key for s in standing.skills.all()], "note": note},
        )
        standing.status = status
        standing.decided_by = by.user
        standing.decided_at = timezone.now()
        standing.decision_note = note
        standing.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "signature"])
        refresh_roster_keys([standing.enrollment_id])
    return standing
