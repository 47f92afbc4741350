"""Mentors of an enrollment: assigning one of the employer's mentors and ending an assignment."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, MentorAssignment
from apprentices.services._records import check_mentor_member, lock, today
from apprentices.services.enrollments import run_assignment_checks

if TYPE_CHECKING:
    from imt.models import User
    from programs.models import Membership


def mentor_assign(
    *, enrollment: Enrollment, mentor: Membership, by: User, start_date: datetime.date | None = None,
    ratio_override: Mapping[str, Any] | None = None,
) -> MentorAssignment:
    """Assign a mentor of the apprentice's employer.  Assigning a current mentor again changes nothing."""
    check_mentor_member(mentor, enrollment.employer, field="mentor")
    with transaction.atomic():
        enrollment = lock(enrollment)
        existing = MentorAssignment.objects.filter(enrollment=enrollment, mentor=mentor, end_date__isnull=True).first()
        if existing:
            return existing
        assignment = MentorAssignment.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, mentor=mentor,
            start_date=start_date or today(), created_by=by,
        )
        run_assignment_checks(enrollment=enrollment, mentors=[mentor], by=by, override=ratio_override,
                              enrolling=False)
        return assignment


def mentor_unassign(
    *, assignment: MentorAssignment, by: User, end_date: datetime.date | None = None,
) -> MentorAssignment:
    """End a mentor assignment (kept in the history).  The last current mentor of an open enrollment stays."""
    with transaction.atomic():
        enrollment = lock(assignment.enrollment)
        assignment = MentorAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.end_date is not None:
            return assignment
        others = MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True).exclude(pk=assignment.pk)
        if enrollment.is_open and not others.exists():
            raise ValidationError({"mentor": _("Assign another mentor first; an apprentice always has a mentor.")})
        assignment.end_date = end_date or today()
        assignment.save(update_fields=["end_date"])
    return assignment
