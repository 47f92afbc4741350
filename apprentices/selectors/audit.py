"""The audit trail of one enrollment: who did what, when."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from apprentices.models import (
    AdvancedStanding,
    Enrollment,
    MentorAssignment,
    OJTEntry,
    SignOffRevocation,
    SkillSignOff,
    StatusChange,
)


@dataclass
class AuditEvent:
    when: datetime.datetime
    who: str
    what: str
    detail: str = ""


def audit_trail(enrollment: Enrollment) -> list[AuditEvent]:
    """Who did what, when, for one enrollment, newest first: history lines, hour decisions, sign-offs,
    revocations, advanced standing and mentor assignments.  Seven queries."""
    events = []
    for c in StatusChange.objects.filter(enrollment=enrollment).select_related("by", "from_employer", "to_employer"):
        details: dict[str, str] = {
            StatusChange.Kind.TRANSFER: f"{c.from_employer} → {c.to_employer}",
            StatusChange.Kind.STATUS: f"{c.get_from_status_display()} → {c.get_to_status_display()}",
            StatusChange.Kind.START_DATE: f"{c.from_value} → {c.to_value}",
            StatusChange.Kind.VERSION: f"{c.from_value} → {c.to_value}",
        }
        detail = details.get(c.kind, c.get_to_status_display())
        events.append(AuditEvent(c.created_at, str(c.by), c.get_kind_display(),
                                 f"{detail} (effective {c.effective_date}): {c.reason}"))
    entries = OJTEntry.objects.filter(enrollment=enrollment).select_related(
        "created_by", "decided_by__user", "competency"
    )
    for e in entries:
        events.append(AuditEvent(e.created_at, str(e.created_by),
                                 "Logged a correction" if e.corrects_id else "Logged hours",
                                 f"{e.date} {e.hours} h — {e.competency.name}"))
        if e.decided_at and e.decided_by:
            events.append(AuditEvent(e.decided_at, str(e.decided_by.user), f"OJT entry {e.get_status_display()}",
                                     f"{e.date} {e.hours} h" + (f": {e.decision_reason}" if e.decision_reason else "")))
    for s in SkillSignOff.objects.filter(enrollment=enrollment).select_related("mentor__user", "skill"):
        events.append(AuditEvent(s.created_at, str(s.mentor.user), "Signed off a skill",
                                 f"{s.skill.name} (level {s.level})"))
    revocations = SignOffRevocation.objects.filter(sign_off__enrollment=enrollment).select_related(
        "by", "sign_off__skill"
    )
    for r in revocations:
        events.append(AuditEvent(r.created_at, str(r.by), "Revoked a sign-off", f"{r.sign_off.skill.name}: {r.reason}"))
    for a in AdvancedStanding.objects.filter(enrollment=enrollment).select_related("requested_by", "decided_by"):
        events.append(AuditEvent(a.requested_at, str(a.requested_by), "Requested advanced standing", a.description))
        if a.decided_at:
            events.append(AuditEvent(a.decided_at, str(a.decided_by), f"Advanced standing {a.get_status_display()}",
                                     a.decision_note))
    for m in MentorAssignment.objects.filter(enrollment=enrollment).select_related("mentor__user", "created_by"):
        events.append(AuditEvent(m.created_at, str(m.created_by), "Assigned a mentor",
                                 f"{m.mentor.user} from {m.start_date}"
                                 + (f" until {m.end_date}" if m.end_date else "")))
    return sorted(events, key=lambda e: e.when, reverse=True)
