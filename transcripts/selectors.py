"""Reads of the transcript: one enrollment's whole record, its canonical content (what is hashed), the
summary the public verification page keeps, and the issued transcripts with their state.

The record is gathered from the other apps' selectors (progress, RTI, credentials, status history); this
module adds only the list of every sign-off, revoked ones included, that no other page needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from apprentices.models import Enrollment, SkillSignOff, StatusChange, content_hash
from apprentices.selectors import Progress, enrollment_progress, enrollments_visible_to, history_of
from credentials.models import Credential
from credentials.selectors import credentials_of
from imt import visibility
from programs.models import Membership
from rti.models import PriorCourseCredit, SectionEnrollment
from rti.selectors import course_credits, course_results, rti_hours
from transcripts.models import CODE_LENGTH, TranscriptIssue, TranscriptRevocation, normalise_code


@visibility.rule("transcript_issue", TranscriptIssue)
def issues_visible_to(membership: Membership) -> QuerySet[TranscriptIssue]:
    """The issued transcripts of the enrollments `membership` sees."""
    return TranscriptIssue.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "enrollment", "issued_by"
    )


@dataclass
class WageRow:
    """One step of the wage history, whatever shape the configured function gives it."""

    effective: Any
    step: str
    percent: str
    rate: str
    note: str


@dataclass
class TranscriptRecord:
    enrollment: Enrollment
    progress: Progress
    sign_offs: list[SkillSignOff]
    results: list[SectionEnrollment]
    credits: list[PriorCourseCredit]
    credentials: list[Credential]
    history: list[StatusChange]
    wages: list[WageRow] | None
    rti_hours: Decimal

    @property
    def ojt_required(self) -> int:
        return int(self.enrollment.standards_version.ojt_hours_required)

    @property
    def rti_required(self) -> int:
        return int(self.enrollment.standards_version.rti_hours_required)

    @property
    def revoked_sign_offs(self) -> int:
        return sum(1 for s in self.sign_offs if _revocation(s) is not None)

    def content(self) -> dict[str, Any]:
        """The record as plain values in a fixed order: the input of the transcript's hash.  Pending
        hours are left out (they are not yet part of the record); times are the records' own."""
        e = self.enrollment
        return {
            "enrollment": {
                "id": e.pk, "name": e.full_name, "program": e.program.name, "employer": e.employer.name,
                "standards_version": e.standards_version_id, "job_book_version": e.job_book_version_id,
                "start": str(e.start_date), "status": e.status, "status_since": str(e.status_since),
            },
            "ojt": [[row.competency.key, row.competency.name, _num(row.approved), _num(row.credited)]
                    for row in self.progress.competencies],
            "ojt_unmapped": _num(self.progress.unmapped_hours),
            "sign_offs": [
                [s.pk, s.skill_key, s.level, str(s.observed_on), s.signature.content_hash,
                 _revocation(s).pk if _revocation(s) is not None else None]
                for s in self.sign_offs
            ],
            "rti": [[r.pk, r.section.course.name, _num(r.attended_hours), r.grade, str(r.completed_on)]
                    for r in self.results],
            "credits": [[c.pk, c.course.name, _num(c.credited_hours), str(c.completed_on)] for c in self.credits],
            "credentials": [[c.pk, c.credential_type.name, str(c.earned_on), str(c.expires_on), c.is_verified]
                            for c in self.credentials],
            "history": [[h.pk, h.kind, str(h.effective_date), h.from_status, h.to_status] for h in self.history],
            "wages": None if self.wages is None else [
                [str(w.effective), w.step, w.percent, w.rate, w.note] for w in self.wages
            ],
        }

    def content_hash(self) -> str:
        return str(content_hash(self.content()))

    def summary(self) -> dict[str, Any]:
        """All the public verification page will ever show of this apprentice."""
        e = self.enrollment
        return {
            "name": e.full_name,
            "program": e.program.name,
            "occupation": e.standards_version.occupation,
            "sponsor": e.sponsor.name,
            "ojt_hours": _num(self.progress.counted),
            "ojt_required": self.ojt_required,
            "rti_hours": _num(self.rti_hours),
            "rti_required": self.rti_required,
            "status": e.status,
            "status_since": str(e.status_since),
        }


def _num(value: Decimal | int | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def _revocation(sign_off: SkillSignOff) -> Any:
    try:
        return sign_off.revocation
    except SkillSignOff.revocation.RelatedObjectDoesNotExist:
        return None


def sign_offs_of(enrollment: Enrollment) -> QuerySet[SkillSignOff]:
    """Every sign-off of the enrollment, revoked ones included, in the order the skills were observed."""
    return (
        SkillSignOff.objects.filter(enrollment=enrollment)
        .select_related("skill__competency", "mentor__user", "signature", "revocation__by", "revocation__signature")
        .order_by("observed_on", "created_at", "pk")
    )


def wage_history_function() -> Callable[[Enrollment], Iterable[Any]] | None:
    path = settings.WAGE_HISTORY
    return import_string(path) if path else None


def _pick(row: Any, *names: str) -> Any:
    for name in names:
        value = row.get(name) if isinstance(row, dict) else getattr(row, name, None)
        if value is not None and value != "":
            return value
    return ""


def wage_rows(enrollment: Enrollment) -> list[WageRow] | None:
    """The configured wage history of the enrollment (settings.WAGE_HISTORY), None without one.
    Rows may be mappings or objects; the usual names of each column are read."""
    function = wage_history_function()
    if function is None:
        return None
    return [
        WageRow(
            effective=_pick(row, "effective_date", "effective_on", "date"),
            step=str(_pick(row, "step", "label", "name")),
            percent=str(_pick(row, "percent", "percentage")),
            rate=str(_pick(row, "hourly_rate", "rate", "amount")),
            note=str(_pick(row, "note", "status", "reason")),
        )
        for row in function(enrollment)
    ]


def transcript_record(enrollment: Enrollment) -> TranscriptRecord:
    """The enrollment's whole record.  RTI and credentials belong to the apprentice's membership: an
    enrollment whose invitation was never accepted has none."""
    apprentice = enrollment.apprentice
    return TranscriptRecord(
        enrollment=enrollment,
        progress=enrollment_progress(enrollment),
        sign_offs=list(sign_offs_of(enrollment)),
        results=list(course_results(apprentice)) if apprentice else [],
        credits=[c for c in course_credits(apprentice) if c.status == PriorCourseCredit.Status.APPROVED]
        if apprentice else [],
        credentials=list(credentials_of(apprentice)) if apprentice else [],
        history=list(reversed(history_of(enrollment))),
        wages=wage_rows(enrollment),
        rti_hours=rti_hours(apprentice) if apprentice else Decimal("0"),
    )


def issues_of(enrollment: Enrollment) -> QuerySet[TranscriptIssue]:
    """The enrollment's issued transcripts, newest first, with their revocations."""
    return TranscriptIssue.objects.filter(enrollment=enrollment).select_related("issued_by", "revocation__revoked_by")


def issue_by_code(text: str) -> TranscriptIssue | None:
    """The issued transcript a typed code names, or None.  The caller runs this outside any sponsor's
    scope (the code alone identifies the issue) and enters the issue's sponsor's scope afterwards."""
    code = normalise_code(text)
    if len(code) != CODE_LENGTH:
        return None
    return TranscriptIssue.objects.filter(code=code).select_related("sponsor").first()


@dataclass
class IssueState:
    issue: TranscriptIssue
    revocation: TranscriptRevocation | None
    current_hash: str

    @property
    def revoked(self) -> bool:
        return self.revocation is not None

    @property
    def amended(self) -> bool:
        return self.current_hash != self.issue.content_hash


def revocation_of(issue: TranscriptIssue) -> TranscriptRevocation | None:
    try:
        return issue.revocation
    except TranscriptIssue.revocation.RelatedObjectDoesNotExist:
        return None


def issue_state(issue: TranscriptIssue, *, current_hash: str | None = None) -> IssueState:
    """Whether the issue was revoked, and whether the record changed since (its hash now differs)."""
    if current_hash is None:
        current_hash = transcript_record(issue.enrollment).content_hash()
    return IssueState(issue=issue, revocation=revocation_of(issue), current_hash=current_hash)
