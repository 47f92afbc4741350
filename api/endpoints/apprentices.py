"""The apprentices' endpoints: the list with progress, one apprentice with progress by competency, their
hours (read and post), RTI and credentials.

Every path that names an apprentice says `{enrollment_id}` and looks it up with `_enrollment`, among
the enrollments the token reads (api.selectors.enrollments_for): another sponsor's or another employer's
id is 404, exactly as an id that does not exist (tests/api/test_isolation.py calls every route so).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from api import selectors, services
from api.endpoints import schemas
from api.endpoints.security import TokenAuth
from apprentices.models import Enrollment, OJTEntry
from apprentices.selectors import enrollment_progress
from credentials.selectors import credentials_of
from rti.selectors import course_credits, course_results, rti_hours

router = Router(tags=["apprentices"])

MAX_LIMIT = 200
ERRORS: dict[int, Any] = {401: schemas.Error, 404: schemas.Error, 429: schemas.Error}


def _enrollment(request: HttpRequest, enrollment_id: int) -> Enrollment:
    enrollment = selectors.enrollment_for(request.auth, enrollment_id)  # type: ignore[attr-defined]
    if enrollment is None:
        raise Http404
    return enrollment


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def _apprentice(e: Any) -> dict[str, Any]:
    """An enrollment with the figures of api.selectors.apprentices_page, as the API shows it."""
    return {
        "id": e.pk, "name": e.full_name, "email": e.email,
        "employer": {"id": e.employer_id, "name": e.employer.name},
        "program": {"id": e.program_id, "name": e.program.name},
        "status": e.status, "start_date": e.start_date,
        "hours_approved": e.approved_hours, "hours_credited": e.credited_hours, "hours_pending": e.pending_hours,
        "hours_required": e.standards_version.ojt_hours_required, "progress_percent": round(e.progress, 1),
        "rti_hours": e.rti_hours, "rti_hours_required": e.standards_version.rti_hours_required,
        "sign_offs": e.skills_signed, "skills_total": e.skills_total, "last_logged": e.last_logged,
        "mentors": [a.mentor.user.full_name for a in e.current_mentors],
    }


def _entry(entry: OJTEntry) -> dict[str, Any]:
    return {
        "id": entry.pk, "date": entry.date, "hours": entry.hours, "note": entry.note, "status": entry.status,
        "competency": {"id": entry.competency_id, "key": entry.competency.key, "name": entry.competency.name},
        "source": entry.source, "client_key": entry.source_ref if entry.source == OJTEntry.Source.API else "",
        "decided_at": entry.decided_at, "reason": entry.decision_reason, "created_at": entry.created_at,
    }


@router.get("/apprentices", response={200: schemas.ApprenticeList, **ERRORS}, url_name="apprentices",
            summary="List apprentices with their progress")
def apprentice_list(request: HttpRequest, limit: int = Query(50, ge=1), offset: int = Query(0, ge=0)) -> Any:
    """The enrollments the token reads, by name then id: hours approved, credited and pending against the
    program's requirement, RTI hours, sign-offs, current mentors.  Paginated with `limit` (at most 200)
    and `offset`; `count` is the total."""
    limit = _limit(limit)
    page = selectors.apprentices_page(request.auth, limit=limit, offset=offset)  # type: ignore[attr-defined]
    return {"count": page.count, "limit": limit, "offset": offset, "items": [_apprentice(e) for e in page.rows]}


@router.get("/apprentices/{enrollment_id}", response={200: schemas.ApprenticeDetail, **ERRORS},
            url_name="apprentice", summary="One apprentice with progress by competency")
def apprentice_detail(request: HttpRequest, enrollment_id: int) -> Any:
    enrollment = _enrollment(request, enrollment_id)
    page = selectors.apprentice_figures(enrollment)
    progress = enrollment_progress(enrollment)
    return {
        **_apprentice(page),
        "competencies": [
            {
                "id": c.competency.pk, "key": c.competency.key, "name": c.competency.name,
                "target_hours": c.target, "minimum_hours": c.minimum, "hours_approved": c.approved,
                "hours_pending": c.pending, "hours_credited": c.credited, "skills_total": len(c.skills),
                "skills_mastered": c.skills_mastered,
            }
            for c in progress.competencies
        ],
    }


@router.get("/apprentices/{enrollment_id}/hours", response={200: schemas.EntryList, **ERRORS},
            url_name="apprentice_hours", summary="An apprentice's hour entries with their status")
def hours_list(request: HttpRequest, enrollment_id: int, limit: int = Query(50, ge=1),
               offset: int = Query(0, ge=0)) -> Any:
    """Every entry, the latest day first: pending, approved, rejected (with the reason) and withdrawn."""
    enrollment = _enrollment(request, enrollment_id)
    limit = _limit(limit)
    count, entries = selectors.entries_page(enrollment, limit=limit, offset=offset)
    return {"count": count, "limit": limit, "offset": offset, "items": [_entry(e) for e in entries]}


@router.post(
    "/apprentices/{enrollment_id}/hours", auth=TokenAuth(write=True), url_name="apprentice_hours_post",
    response={201: schemas.Entry, 200: schemas.Entry, 403: schemas.Error, 409: schemas.Error,
              422: schemas.Refused, **ERRORS},
    summary="Post hours (pending the mentor's approval), idempotent by a client key",
)
def hours_post(request: HttpRequest, enrollment_id: int, payload: schemas.HoursIn,
               idempotency_key: str = Header("", alias="Idempotency-Key", max_length=120)) -> Any:
    """Logs a pending entry under the rules of the apprentice's own logging (at most 24 hours a day in all,
    quarter hours, no future date, none before the start, a competency of their Job Book, an enrollment
    on probation or active); the mentor approves it as any other.  Needs a token that posts hours.

    Send a key of your own with each new entry, as the `Idempotency-Key` header or `client_key`: sending
    the same key and content again answers the entry already made (200) instead of a second one (201);
    the same key with other content is refused (409).  A refused entry (422) keeps no key."""
    enrollment = _enrollment(request, enrollment_id)
    key = idempotency_key.strip()
    if key and payload.client_key.strip() and key != payload.client_key.strip():
        raise ValidationError({"client_key": _("The Idempotency-Key header and client_key differ.")})
    competency = selectors.competency_for(enrollment, pk=payload.competency, key=payload.competency_key.strip())
    posted = services.hours_post(
        token=request.auth, enrollment=enrollment, key=key or payload.client_key,  # type: ignore[attr-defined]
        date=payload.date, competency=competency, hours=payload.hours, note=payload.note,
    )
    return Status(201 if posted.created else 200, _entry(posted.entry))


@router.get("/apprentices/{enrollment_id}/rti", response={200: schemas.Rti, **ERRORS}, url_name="apprentice_rti",
            summary="An apprentice's RTI results and prior-course credit")
def rti(request: HttpRequest, enrollment_id: int) -> Any:
    enrollment = _enrollment(request, enrollment_id)
    apprentice = enrollment.apprentice
    results = list(course_results(apprentice)) if apprentice else []
    credits = list(course_credits(apprentice)) if apprentice else []
    return {
        "rti_hours": rti_hours(apprentice) if apprentice else 0,
        "rti_hours_required": enrollment.standards_version.rti_hours_required,
        "results": [
            {"course": r.section.course.name, "provider": r.section.provider.name, "starts_on": r.section.starts_on,
             "ends_on": r.section.ends_on, "attended_hours": r.attended_hours, "grade": r.grade,
             "completed_on": r.completed_on}
            for r in results
        ],
        "credits": [
            {"course": c.course.name, "institution": c.institution, "taken_title": c.taken_title,
             "completed_on": c.completed_on, "status": c.status, "hours_requested": c.hours,
             "hours_credited": c.credited_hours}
            for c in credits
        ],
    }


@router.get("/apprentices/{enrollment_id}/credentials", response={200: schemas.CredentialList, **ERRORS},
            url_name="apprentice_credentials", summary="An apprentice's credentials")
def credentials(request: HttpRequest, enrollment_id: int) -> Any:
    """Current credentials (a corrected one is replaced by its correction); `verified` once the sponsor
    has checked the evidence."""
    enrollment = _enrollment(request, enrollment_id)
    found = list(credentials_of(enrollment.apprentice)) if enrollment.apprentice else []
    return {"items": [
        {"id": c.pk, "name": c.credential_type.name, "number": c.number, "earned_on": c.earned_on,
         "expires_on": c.expires_on, "verified": c.verified_at is not None, "verified_at": c.verified_at}
        for c in found
    ]}
