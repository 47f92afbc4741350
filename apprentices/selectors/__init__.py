"""Reads of apprentices' records, by sub-domain: who sees which record (`enrollments`, with the
visibility rules of the apprentices' kinds), `hours`, `progress`, the mentor's `queue`, the `roster`,
advanced `standing` and the `audit` trail.

Every function runs a fixed number of queries whatever the number of apprentices or entries: totals
are aggregated in SQL and related rows prefetched.
"""

from apprentices.selectors.audit import AuditEvent, audit_trail
from apprentices.selectors.enrollments import (
    assigned_to,
    current_enrollment,
    demographics_of,
    enrollments_visible_to,
    entries_visible_to,
    history_of,
    is_current_mentor,
    mentor_assignment_of,
    mentor_assignments_of,
    sign_off_requests_visible_to,
    sign_offs_visible_to,
    standings_visible_to,
)
from apprentices.selectors.hours import (
    corrected_entry_ids,
    enrollment_competencies,
    entries_of,
    hours_by_month,
    last_competency_id,
    live_entries,
    recent_entries,
    week_hours,
)
from apprentices.selectors.progress import (
    CompetencyProgress,
    Progress,
    SkillProgress,
    enrollment_progress,
    requested_skill_keys,
)
from apprentices.selectors.queue import QUEUE_LIMIT, MentorQueue, mentor_queue, mentor_queue_size
from apprentices.selectors.roster import ROSTER_ORDERS, STALE_AFTER_DAYS, roster_key_values, roster_page
from apprentices.selectors.standing import (
    credited_hours_of,
    credited_skills_of,
    standings_of,
    standings_to_decide,
)

__all__ = [
    "QUEUE_LIMIT",
    "ROSTER_ORDERS",
    "STALE_AFTER_DAYS",
    "AuditEvent",
    "CompetencyProgress",
    "MentorQueue",
    "Progress",
    "SkillProgress",
    "assigned_to",
    "audit_trail",
    "corrected_entry_ids",
    "credited_hours_of",
    "credited_skills_of",
    "current_enrollment",
    "demographics_of",
    "enrollment_competencies",
    "enrollment_progress",
    "enrollments_visible_to",
    "entries_of",
    "entries_visible_to",
    "history_of",
    "hours_by_month",
    "is_current_mentor",
    "last_competency_id",
    "live_entries",
    "mentor_assignment_of",
    "mentor_assignments_of",
    "mentor_queue",
    "mentor_queue_size",
    "recent_entries",
    "requested_skill_keys",
    "roster_key_values",
    "roster_page",
    "sign_off_requests_visible_to",
    "sign_offs_visible_to",
    "standings_of",
    "standings_to_decide",
    "standings_visible_to",
    "week_hours",
]
