"""What the services of the apprentice's record share: the row lock that makes actions on one
apprentice run one at a time, the roster keys every change of hours recomputes, the reason a change
must carry, and the checks that a mentor and a Job Book version fit an employer."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices import selectors
from apprentices.models import Enrollment, MentorAssignment, OJTEntry
from imt.dates import add_months
from imt.permissions import Role
from imt.text import clean_text
from jobbook.models import JobBookVersion

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from programs.models import Employer, Membership, Program, StandardsVersion


def today() -> datetime.date:
    return timezone.localdate()


def probation_end_for(standards: Program | StandardsVersion, start_date: datetime.date) -> datetime.date:
    """When probation ends under `standards` (the enrollment's standards version)."""
    return add_months(start_date, standards.probation_months or 0)


def lock(enrollment: Enrollment) -> Enrollment:
    """The enrollment, re-read under a row lock: actions on one apprentice run one at a time."""
    return Enrollment.objects.select_for_update(of=("self",)).select_related(
        "apprentice__user", "program", "standards_version"
    ).get(pk=enrollment.pk)


def lock_enrollments_of(entry_ids: Iterable[int]) -> list[int]:
    """Lock the enrollments of these entries, in id order (the order every caller locks in), before
    the entries themselves: one query."""
    entries = OJTEntry.objects.filter(pk__in=entry_ids).values("enrollment_id")
    return list(
        Enrollment.objects.select_for_update(of=("self",)).filter(pk__in=Subquery(entries))
        .order_by("pk").values_list("pk", flat=True)
    )


def refresh_roster_keys(enrollment_ids: Iterable[int]) -> None:
    """Recompute the roster keys (counted hours, last day logged) of these enrollments from their
    entries and credit: one UPDATE.  Every service that changes them calls it in its transaction,
    after locking the enrollments first, so the last writer's figures include every earlier one's."""
    Enrollment.objects.filter(pk__in=list(enrollment_ids)).update(**selectors.roster_key_values())


def require_reason(reason: str | None, field: str = "reason", message: str | _StrPromise | None = None) -> str:
    reason = clean_text(reason, field=field)
    if not reason:
        raise ValidationError({field: message or _("Give a reason; it is kept in the apprentice's record.")})
    return reason


def current_mentor_ids(enrollment: Enrollment) -> set[int]:
    return set(
        MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True)
        .values_list("mentor_id", flat=True)
    )


def check_mentor_member(mentor: Membership, employer: Employer, field: str = "mentors") -> None:
    if mentor.role != Role.MENTOR or not mentor.is_active:
        raise ValidationError({field: _("%(name)s is not an active mentor.") % {"name": mentor.user}})
    if mentor.sponsor_id != employer.sponsor_id or mentor.employer_id != employer.pk:
        raise ValidationError(
            {field: _("%(name)s is not a mentor at %(employer)s.") % {"name": mentor.user, "employer": employer}}
        )


def check_version(
    version: JobBookVersion, program: Program, employer: Employer, field: str = "job_book_version",
) -> None:
    if (
        version.status != JobBookVersion.Status.PUBLISHED
        or version.job_book.program_id != program.pk
        or version.job_book.employer_id != employer.pk
    ):
        raise ValidationError(
            {field: _("Choose the published Job Book of %(employer)s for %(program)s.")
             % {"employer": employer, "program": program}}
        )
