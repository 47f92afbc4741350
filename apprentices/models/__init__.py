"""Apprentices' records: enrollments and their history, OJT entries, signatures, sign-offs and
advanced standing, one module per part of the record.

State changes go through `apprentices.services`.  The records that are signed or that make up the
history (approved OJT entries, decisions, signatures, sign-offs, revocations, status changes) are
append-only: `save()` of an existing row, `delete()`, and `QuerySet.update()/.delete()` refuse, and
database triggers (apprentices/protected.py) refuse a stray UPDATE or DELETE in SQL as well.
"""

from apprentices.models.append_only import AppendOnlyModel, AppendOnlyQuerySet, ImmutableRecordError, scoped
from apprentices.models.demographics import PREFER_NOT, Demographics
from apprentices.models.enrollments import Enrollment, MentorAssignment, StatusChange
from apprentices.models.hours import QUARTER, OJTEntry, OJTEntryQuerySet
from apprentices.models.sign_offs import SignOffLevel, SignOffRequest, SignOffRevocation, SkillSignOff
from apprentices.models.signatures import Signature, content_hash
from apprentices.models.standing import AdvancedStanding, CreditedHours, CreditedSkill

# Migration 0001 names the evidence files' upload path as `apprentices.models.evidence_path`.
from imt.evidence import evidence_path

__all__ = [
    "PREFER_NOT",
    "QUARTER",
    "AdvancedStanding",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "CreditedHours",
    "CreditedSkill",
    "Demographics",
    "Enrollment",
    "ImmutableRecordError",
    "MentorAssignment",
    "OJTEntry",
    "OJTEntryQuerySet",
    "Signature",
    "SignOffLevel",
    "SignOffRequest",
    "SignOffRevocation",
    "SkillSignOff",
    "StatusChange",
    "content_hash",
    "evidence_path",
    "scoped",
]
