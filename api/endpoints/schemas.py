"""What the API answers and accepts.  Hours are numbers (quarter hours), dates ISO 8601."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Schema


class Error(Schema):
    detail: str


class Problem(Schema):
    type: str
    loc: list[str | int] = Field(description="\"body\" and the field's name, or \"query\", \"path\", \"header\".")
    msg: str


class Refused(Schema):
    """422: the request is understood but refused (a rule of logging hours, or a malformed field)."""

    detail: list[Problem]


class Named(Schema):
    id: int
    name: str


class Apprentice(Schema):
    id: int = Field(description="The enrollment's id: one apprentice in one program at one employer.")
    name: str
    email: str
    employer: Named
    program: Named
    status: str = Field(description="probation, active, suspended, cancelled or completed")
    start_date: datetime.date
    hours_approved: float
    hours_credited: float = Field(description="OJT hours credited for prior learning (advanced standing).")
    hours_pending: float = Field(description="Hours logged and waiting for the mentor's approval.")
    hours_required: int
    progress_percent: float = Field(description="(approved + credited) ÷ required, in percent.")
    rti_hours: float = Field(description="Attended hours of completed RTI courses plus prior-course credit.")
    rti_hours_required: int
    sign_offs: int = Field(description="Skills signed off (not revoked).")
    skills_total: int
    last_logged: datetime.date | None
    mentors: list[str]


class ApprenticeList(Schema):
    count: int
    limit: int
    offset: int
    items: list[Apprentice]


class CompetencyProgress(Schema):
    id: int
    key: str = Field(description="Stable across Job Book versions; accepted as competency_key when posting.")
    name: str
    target_hours: int
    minimum_hours: int | None
    hours_approved: float
    hours_pending: float
    hours_credited: float
    skills_total: int
    skills_mastered: int


class ApprenticeDetail(Apprentice):
    competencies: list[CompetencyProgress]


class HoursIn(Schema):
    date: datetime.date
    competency: int | None = Field(None, description="A competency id of the apprentice's Job Book version.")
    competency_key: str = Field("", max_length=32, description="Or the competency's stable key.")
    hours: Decimal = Field(description="More than 0, at most 24 a day in all, in quarter hours.")
    note: str = Field("", max_length=2000)
    client_key: str = Field("", max_length=120, description="The idempotency key, if not sent as the "
                            "Idempotency-Key header.")


class Competency(Schema):
    id: int
    key: str
    name: str


class Entry(Schema):
    id: int
    date: datetime.date
    competency: Competency
    hours: float
    note: str
    status: str = Field(description="pending, approved, rejected or withdrawn")
    source: str = Field(description="apprentice, import or api")
    client_key: str = Field(description="The key it was posted with (source api), else empty.")
    decided_at: datetime.datetime | None
    reason: str = Field(description="Why the mentor rejected it.")
    created_at: datetime.datetime


class EntryList(Schema):
    count: int
    limit: int
    offset: int
    items: list[Entry]


class RtiResult(Schema):
    course: str
    provider: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    attended_hours: float | None
    grade: str
    completed_on: datetime.date | None


class RtiCredit(Schema):
    course: str
    institution: str
    taken_title: str
    completed_on: datetime.date
    status: str = Field(description="pending, approved or rejected")
    hours_requested: float
    hours_credited: float | None


class Rti(Schema):
    rti_hours: float
    rti_hours_required: int
    results: list[RtiResult]
    credits: list[RtiCredit]


class Credential(Schema):
    id: int
    name: str
    number: str
    earned_on: datetime.date
    expires_on: datetime.date | None
    verified: bool
    verified_at: datetime.datetime | None


class CredentialList(Schema):
    items: list[Credential]
