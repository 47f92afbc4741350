"""Moving an enrollment to another published version of its employer's Job Book.  Hours and sign-offs
follow the stable keys of competencies and skills; a Job Book change itself never moves anyone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import (
    CreditedHours,
    CreditedSkill,
    Enrollment,
    OJTEntry,
    SignOffRequest,
    SkillSignOff,
    StatusChange,
)
from apprentices.services._records import check_version, lock, today
from imt.text import clean_text
from jobbook.models import Competency, JobBookVersion, Skill

if TYPE_CHECKING:
    from imt.models import User


@dataclass
class VersionMoveReport:
    """What moving an enrollment to another Job Book version did.  Hours and sign-offs are matched by
    the stable keys of competencies and skills; those whose key the new version lacks are listed here
    (they stay in the record but no longer count toward the new version)."""

    from_version: str
    to_version: str
    mapped_hours: Decimal = Decimal(0)
    # [(competency name, approved + pending hours)]
    unmapped_hours: list[tuple[str, Decimal]] = field(default_factory=list)
    mapped_sign_offs: int = 0
    unmapped_sign_offs: list[str] = field(default_factory=list)  # [skill name]
    unmapped_credits: list[str] = field(default_factory=list)  # [competency or skill name]
    withdrawn_requests: list[str] = field(default_factory=list)  # [skill name]

    @property
    def is_complete(self) -> bool:
        return not (self.unmapped_hours or self.unmapped_sign_offs or self.unmapped_credits)


def enrollment_move_version(
    *, enrollment: Enrollment, version: JobBookVersion, by: User, reason: str = "",
) -> VersionMoveReport:
    """Move an enrollment to another published version of its employer's Job Book (explicitly; a
    Job Book change never moves anyone).  History is not rewritten: decided entries keep the competency
    they were logged on and count through its stable key; pending entries and sign-off requests are
    re-pointed to the new version's competency/skill.  Returns a VersionMoveReport."""
    reason = clean_text(reason, field="reason") or _("Moved to a newer Job Book version")
    with transaction.atomic():
        enrollment = lock(enrollment)
        return move_version(enrollment, version, by, reason, today())


def move_version(
    enrollment: Enrollment, version: JobBookVersion, by: User, reason: str,
    effective_date: datetime.date,
) -> VersionMoveReport:
    """Move the (locked) enrollment to `version`; enrollment_move_version and enrollment_transfer call it."""
    employer = enrollment.employer
    check_version(version, enrollment.program, employer, field="version")
    if version.pk == enrollment.job_book_version_id:
        raise ValidationError({"version": _("The apprentice is already on this version.")})
    old = enrollment.job_book_version
    report = VersionMoveReport(from_version=str(old), to_version=str(version))
    competencies = {c.key: c for c in Competency.objects.filter(version=version)}
    skills = {s.key: s for s in Skill.objects.filter(competency__version=version)}

    hours = (
        OJTEntry.objects.filter(enrollment=enrollment, status__in=[OJTEntry.Status.APPROVED, OJTEntry.Status.PENDING])
        .values("competency__key", "competency__name").annotate(total=Sum("hours")).order_by("competency__name")
    )
    for row in hours:
        if row["competency__key"] in competencies:
            report.mapped_hours += row["total"]
        else:
            report.unmapped_hours.append((row["competency__name"], row["total"]))
    for key, competency in competencies.items():
        OJTEntry.objects.filter(
            enrollment=enrollment, status=OJTEntry.Status.PENDING, competency__key=key
        ).exclude(competency=competency).update(competency=competency)

    active = SkillSignOff.objects.filter(enrollment=enrollment, revocation__isnull=True).select_related("skill")
    for sign_off in active:
        if sign_off.skill_key in skills:
            report.mapped_sign_offs += 1
        else:
            report.unmapped_sign_offs.append(sign_off.skill.name)
    for credit in CreditedHours.objects.filter(standing__enrollment=enrollment).select_related("competency"):
        if credit.competency_key not in competencies:
            report.unmapped_credits.append(credit.competency.name)
    for credited_skill in CreditedSkill.objects.filter(standing__enrollment=enrollment).select_related("skill"):
        if credited_skill.skill_key not in skills:
            report.unmapped_credits.append(credited_skill.skill.name)
    for request in SignOffRequest.objects.filter(enrollment=enrollment, status=SignOffRequest.Status.PENDING):
        if request.skill_key in skills:
            request.skill = skills[request.skill_key]
            request.save(update_fields=["skill"])
        else:
            request.status = SignOffRequest.Status.WITHDRAWN
            request.resolved_at = timezone.now()
            request.save(update_fields=["status", "resolved_at"])
            report.withdrawn_requests.append(request.skill.name)

    StatusChange.objects.create(
        sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=StatusChange.Kind.VERSION,
        effective_date=effective_date, from_value=str(old)[:100], to_value=str(version)[:100], reason=reason, by=by,
    )
    enrollment.job_book_version = version
    enrollment.save(update_fields=["job_book_version"])
    return report
