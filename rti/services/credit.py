"""Credit for a course taken before the apprenticeship: requested with evidence, decided by sponsor staff."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imt.evidence import evidence_content_type
from imt.permissions import Role, require
from imt.text import NOTE_MAX_LENGTH, clean_text, text_problem
from imt.uploads import server_name
from programs.models import Membership
from rti.models import Course, PriorCourseCredit
from rti.services._access import require_apprentice

SHORT_TEXT = 300  # a decision's note (a CharField of 300)


def credit_request(
    *, apprentice: Membership, course: Course, institution: str, taken_title: str, completed_on: datetime.date,
    hours: Decimal, evidence: UploadedFile | None, by: Membership, basis: str = "",
) -> PriorCourseCredit:
    """Ask for credit for a course taken elsewhere.  The evidence file is checked by its content and stored
    under a name of the server's; the uploader's file name is kept only to be shown to the reviewer."""
    require_apprentice(by, "rti.request_credit", apprentice)
    errors: dict[str, Any] = {}
    content_type = evidence_name = ""
    if apprentice.role != Role.APPRENTICE:
        errors["apprentice"] = _("Choose an apprentice.")
    if course.sponsor_id != apprentice.sponsor_id or course.is_retired:
        errors["course"] = _("Choose a current course of the catalog.")
    if completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = _("The completion date cannot be in the future.")
    if hours is not None and hours <= 0:
        errors["hours"] = _("Enter the hours of the course taken, above zero.")
    for field, text, limit in (("institution", institution, 200), ("taken_title", taken_title, 200),
                               ("basis", basis, NOTE_MAX_LENGTH)):
        if problem := text_problem(text, limit):
            errors[field] = problem
    if evidence is None:
        errors["evidence"] = _("Attach the transcript or certificate of the course taken.")
    else:
        evidence_name = (evidence.name or "")[:200]
        try:
            content_type = evidence_content_type(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if not errors and PriorCourseCredit.objects.filter(apprentice=apprentice, course=course).exclude(
        status=PriorCourseCredit.Status.REJECTED
    ).exists():
        errors["course"] = _("Credit for this course was already requested or granted.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        credit = PriorCourseCredit(
            sponsor_id=apprentice.sponsor_id, apprentice=apprentice, course=course, institution=institution,
            taken_title=taken_title, completed_on=completed_on, hours=hours, basis=basis, requested_by=by.user,
            evidence_name=evidence_name, evidence_content_type=content_type,
        )
        credit.evidence.save(server_name(content_type), evidence, save=False)
        credit.save()
        return credit


def credit_decide(
    *, credit: PriorCourseCredit, approve: bool, by: Membership, credited_hours: Decimal | None = None, note: str = ""
) -> PriorCourseCredit:
    """Credit a prior course (up to the catalog course's hours) or refuse it; a decision is final."""
    require(by, "rti.decide_credit", credit)
    note = clean_text(note, field="decision_note", limit=SHORT_TEXT)
    with transaction.atomic():
        credit = PriorCourseCredit.objects.select_for_update().select_related("course").get(pk=credit.pk)
        if credit.status != PriorCourseCredit.Status.PENDING:
            raise ValidationError(_("This request was already decided."))
        if approve:
            hours = credited_hours if credited_hours is not None else min(credit.hours, credit.course.hours)
            if hours <= 0 or hours > credit.course.hours:
                raise ValidationError({"credited_hours": _("Credit between 0.5 and %(max)s hours.")
                                       % {"max": credit.course.hours}})
            credit.credited_hours = hours
            credit.status = PriorCourseCredit.Status.APPROVED
        else:
            if not note.strip():
                raise ValidationError({"decision_note": _("Say why the course is not credited.")})
            credit.status = PriorCourseCredit.Status.REJECTED
        credit.decided_by, credit.decided_at, credit.decision_note = by.user, timezone.now(), note.strip()
        credit.save()
        return credit
