"""An enrollment's progress: hours per competency against the target, and each skill's sign-off or credit.

Hours and sign-offs are matched to the current Job Book version by the stable keys of competencies and
skills, so records made on an older version count after a move.  Pending hours are shown beside the
approved ones, credited hours (advanced standing) separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from apprentices.models import (
    AdvancedStanding,
    CreditedHours,
    CreditedSkill,
    Enrollment,
    OJTEntry,
    SignOffRequest,
    SkillSignOff,
)
from apprentices.selectors.hours import ZERO, live_entries
from jobbook.models import Competency, Skill


@dataclass
class SkillProgress:
    skill: Skill
    sign_off: SkillSignOff | None = None  # the active sign-off (with .mentor.user)
    credited: bool = False

    @property
    def signed_off(self) -> bool:
        return self.sign_off is not None

    @property
    def mastered(self) -> bool:
        return self.signed_off or self.credited


@dataclass
class CompetencyProgress:
    competency: Competency
    approved: Decimal = ZERO
    pending: Decimal = ZERO
    credited: Decimal = ZERO
    skills: list[SkillProgress] = field(default_factory=list)

    @property
    def target(self) -> int:
        return self.competency.target_hours

    @property
    def minimum(self) -> int | None:
        return self.competency.minimum_hours

    @property
    def counted(self) -> Decimal:
        """Hours that count: approved plus credited."""
        return self.approved + self.credited

    @property
    def minimum_met(self) -> bool:
        return self.minimum is None or self.counted >= self.minimum

    @property
    def skills_mastered(self) -> int:
        return sum(1 for s in self.skills if s.mastered)

    @property
    def mastered(self) -> bool:
        """Every skill signed off or credited (a competency without skills is not mastered)."""
        return bool(self.skills) and all(s.mastered for s in self.skills)

    def percent(self, hours: Decimal) -> float:
        return min(100.0, float(hours) * 100 / self.target) if self.target else 0.0

    @property
    def approved_percent(self) -> float:
        return self.percent(self.approved)

    @property
    def credited_percent(self) -> float:
        return min(self.percent(self.credited), 100.0 - self.approved_percent)

    @property
    def pending_percent(self) -> float:
        return min(self.percent(self.pending), 100.0 - self.approved_percent - self.credited_percent)


@dataclass
class Progress:
    enrollment: Enrollment
    competencies: list[CompetencyProgress]
    required_hours: int
    unmapped_hours: Decimal = ZERO  # hours on competencies the current version no longer has

    @property
    def approved(self) -> Decimal:
        return sum((c.approved for c in self.competencies), ZERO)

    @property
    def pending(self) -> Decimal:
        return sum((c.pending for c in self.competencies), ZERO)

    @property
    def credited(self) -> Decimal:
        return sum((c.credited for c in self.competencies), ZERO)

    @property
    def counted(self) -> Decimal:
        return self.approved + self.credited

    @property
    def skills_total(self) -> int:
        return sum(len(c.skills) for c in self.competencies)

    @property
    def skills_mastered(self) -> int:
        return sum(c.skills_mastered for c in self.competencies)

    @property
    def competencies_mastered(self) -> int:
        return sum(1 for c in self.competencies if c.mastered)

    @property
    def hours_percent(self) -> float:
        return min(100.0, float(self.counted) * 100 / self.required_hours) if self.required_hours else 0.0

    @property
    def skills_percent(self) -> float:
        return self.skills_mastered * 100.0 / self.skills_total if self.skills_total else 0.0


def enrollment_progress(enrollment: Enrollment) -> Progress:
    """Per competency of the enrollment's Job Book version: approved, pending and credited hours
    against the target (and minimum), and each skill's active sign-off or credit.  Six queries."""
    competencies = list(
        Competency.objects.filter(version=enrollment.job_book_version_id).prefetch_related("skills")
        .order_by("position", "pk")
    )
    rows = {c.key: CompetencyProgress(competency=c) for c in competencies}
    unmapped = ZERO
    hours = (
        live_entries().filter(enrollment=enrollment).values("competency__key", "status")
        .annotate(total=Sum("hours")).order_by()
    )
    for row in hours:
        target = rows.get(row["competency__key"])
        if target is None:
            unmapped += row["total"] if row["status"] == OJTEntry.Status.APPROVED else ZERO
        elif row["status"] == OJTEntry.Status.APPROVED:
            target.approved += row["total"]
        else:
            target.pending += row["total"]
    credited = (
        CreditedHours.objects.filter(standing__enrollment=enrollment, standing__status=AdvancedStanding.Status.APPROVED)
        .values("competency_key").annotate(total=Sum("hours")).order_by()
    )
    for row in credited:
        if row["competency_key"] in rows:
            rows[row["competency_key"]].credited += row["total"]
    sign_offs = {
        s.skill_key: s
        for s in SkillSignOff.objects.filter(enrollment=enrollment, revocation__isnull=True)
        .select_related("mentor__user")
    }
    credited_skills = set(
        CreditedSkill.objects.filter(
            standing__enrollment=enrollment, standing__status=AdvancedStanding.Status.APPROVED
        ).values_list("skill_key", flat=True)
    )
    for competency in competencies:
        rows[competency.key].skills = [
            SkillProgress(skill=s, sign_off=sign_offs.get(s.key), credited=s.key in credited_skills)
            for s in competency.skills.all()
        ]
    return Progress(
        enrollment=enrollment, competencies=list(rows.values()),
        required_hours=enrollment.standards_version.ojt_hours_required, unmapped_hours=unmapped,
    )




def requested_skill_keys(enrollment: Enrollment) -> set[str]:
    """Keys of the skills the apprentice has asked to be signed off and that are still waiting."""
    return set(
        SignOffRequest.objects.filter(enrollment=enrollment, status=SignOffRequest.Status.PENDING)
        .values_list("skill_key", flat=True)
    )
