"""Reads of RTI: who may see which apprentice, sections, grids, hours and the course checklist.

The visibility rules of the records RTI's and the records pages' URLs name (imt/visibility.py) are here too.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from imt import visibility
from imt.permissions import Role
from programs.models import Membership, Program, Sponsor
from rti.models import (
    Course,
    PriorCourseCredit,
    ProgramCourseRequirement,
    Provider,
    ResultChange,
    Section,
    SectionEnrollment,
)

# --- Who sees what (imt/visibility.py) --------------------------------------


@visibility.rule("course", Course)
def courses_visible_to(membership: Membership) -> QuerySet[Course]:
    """The sponsor's whole catalog: every member may see it (transcripts and credit requests name courses)."""
    return Course.objects.filter(sponsor_id=membership.sponsor_id)


@visibility.rule("provider", Provider)
def providers_visible_to(membership: Membership) -> QuerySet[Provider]:
    return Provider.objects.filter(sponsor_id=membership.sponsor_id)


@visibility.rule("section", Section)
def sections_for(membership: Membership) -> QuerySet[Section]:
    """The sections `membership` may open: all for sponsor staff, the ones they teach for an instructor."""
    sections = Section.objects.filter(sponsor_id=membership.sponsor_id).select_related(
        "course", "provider", "instructor__user"
    )
    if membership.is_sponsor_staff:
        return sections
    if membership.role == Role.INSTRUCTOR:
        return sections.filter(instructor=membership)
    return sections.none()


@visibility.rule("section_enrollment", SectionEnrollment)
def section_enrollments_visible_to(membership: Membership) -> QuerySet[SectionEnrollment]:
    """The seats on the rosters of the sections `membership` may open."""
    return SectionEnrollment.objects.filter(section__in=sections_for(membership)).select_related(
        "apprentice__user"
    )


@visibility.rule("apprentice", Membership)
def apprentices_visible_to(membership: Membership) -> QuerySet[Membership]:
    """The apprentices whose records (transcript, credentials, evidence) `membership` may see.

    Sponsor staff: all; employer admin: their employer's; mentor: the apprentices they are currently
    assigned to; apprentice: themself; instructor: none (they see results through the sections they teach).
    """
    from apprentices.models import MentorAssignment

    apprentices = Membership.objects.filter(sponsor_id=membership.sponsor_id, role=Role.APPRENTICE).select_related(
        "user", "employer"
    )
    if membership.is_sponsor_staff:
        return apprentices
    if membership.role == Role.EMPLOYER_ADMIN:
        return apprentices.filter(employer=membership.employer_id)
    if membership.role == Role.MENTOR:
        assigned = MentorAssignment.objects.filter(mentor=membership, end_date__isnull=True)
        return apprentices.filter(pk__in=assigned.values("enrollment__apprentice_id"))
    if membership.role == Role.APPRENTICE:
        return apprentices.filter(pk=membership.pk)
    return apprentices.none()


@visibility.rule("credit", PriorCourseCredit)
def credits_visible_to(membership: Membership) -> QuerySet[PriorCourseCredit]:
    """The prior-course credit requests of the apprentices whose records `membership` may see."""
    return PriorCourseCredit.objects.filter(apprentice__in=apprentices_visible_to(membership)).select_related(
        "apprentice__user", "course", "requested_by", "decided_by"
    )


def is_visible_apprentice(membership: Membership, apprentice: Membership) -> bool:
    """Whether `apprentice` is one whose records `membership` may see (by the rule of kind "apprentice": a
    Membership record is also a member, whose rule is another)."""
    return apprentices_visible_to(membership).filter(pk=apprentice.pk).exists()


# --- Reads -----------------------------------------------------------------


def program_of(apprentice: Membership) -> Program | None:
    """The program of this apprentice: that of their current enrollment (the open one, else the latest);
    without an enrollment, the sponsor's first active program."""
    from apprentices.selectors import current_enrollment

    enrollment = current_enrollment(apprentice)
    if enrollment is not None:
        return enrollment.program
    return Program.objects.filter(sponsor_id=apprentice.sponsor_id, is_active=True).order_by("pk").first()


def required_rti_hours(apprentice: Membership, program: Program) -> int:
    """The RTI hours the apprentice must complete: those of the standards version of their current
    enrollment in `program`; without one, those of the program's newest published version."""
    from apprentices.selectors import current_enrollment

    enrollment = current_enrollment(apprentice)
    if enrollment is not None and enrollment.program_id == program.pk:
        return int(enrollment.standards_version.rti_hours_required)
    version = program.standards_versions.order_by("-number").first()
    return int(version.rti_hours_required if version is not None else program.rti_hours_required)


def course_list(sponsor: Sponsor, *, retired: bool = False) -> QuerySet[Course]:
    """The catalog's current courses (or its retired ones), each with its number of sections."""
    return (
        Course.objects.filter(sponsor=sponsor, retired_at__isnull=not retired)
        .annotate(section_count=Count("sections")).order_by("name")
    )


def provider_list(sponsor: Sponsor) -> QuerySet[Provider]:
    return Provider.objects.filter(sponsor=sponsor).annotate(section_count=Count("sections"))


def apprentices_of(sponsor: Sponsor | int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(sponsor=sponsor, role=Role.APPRENTICE, is_active=True)
        .select_related("user", "employer")
        .order_by("user__full_name", "user__email")
    )


def section_list(membership: Membership) -> QuerySet[Section]:
    return (
        sections_for(membership)
        .select_related("course", "provider", "instructor__user")
        .annotate(
            enrolled=Count("enrollments", distinct=True),
            completed=Count("enrollments", filter=Q(enrollments__completed_on__isnull=False), distinct=True),
        )
        .order_by("-starts_on", "course__name")
    )


def section_roster(section: Section) -> QuerySet[SectionEnrollment]:
    """The section's enrollments with everything the roster and the results grid show, in one query."""
    return (
        SectionEnrollment.objects.filter(section=section)
        .select_related("apprentice__user", "apprentice__employer", "recorded_by")
        .order_by("apprentice__user__full_name", "apprentice__user__email")
    )


def section_changes(section: Section, *, limit: int = 50) -> QuerySet[ResultChange]:
    """The newest corrections and recordings of the section's results."""
    return (
        ResultChange.objects.filter(enrollment__section=section)
        .select_related("changed_by", "enrollment__apprentice__user")[:limit]
    )


def enrollable_apprentices(section: Section) -> QuerySet[Membership]:
    return apprentices_of(section.sponsor_id).exclude(rti_enrollments__section=section)


def course_results(apprentice: Membership) -> QuerySet[SectionEnrollment]:
    """The apprentice's section results, newest first, with course and provider."""
    return (
        SectionEnrollment.objects.filter(apprentice=apprentice)
        .select_related("section__course", "section__provider", "section__instructor__user")
        .order_by("-section__starts_on")
    )


def course_credits(apprentice: Membership) -> QuerySet[PriorCourseCredit]:
    return (
        PriorCourseCredit.objects.filter(apprentice=apprentice)
        .select_related("course", "decided_by", "requested_by")
        .order_by("-requested_at")
    )


def credit_list(membership: Membership, *, status: str = "") -> QuerySet[PriorCourseCredit]:
    """The credit requests `membership` may see (of one status, when given), newest first."""
    credits = credits_visible_to(membership).select_related("apprentice__user", "apprentice__employer", "course")
    if status:
        credits = credits.filter(status=status)
    return credits.order_by("-requested_at")


def rti_record(apprentice: Membership) -> tuple[Decimal, dict[int, datetime.date | None]]:
    """(RTI hours, {course id: date completed}) in two queries: attended hours of completed sections
    plus hours credited for prior courses, and the courses completed in a section or credited."""
    sections = list(
        SectionEnrollment.objects.filter(apprentice=apprentice, completed_on__isnull=False)
        .order_by("completed_on").values_list("section__course_id", "completed_on", "attended_hours")
    )
    prior = list(
        PriorCourseCredit.objects.filter(apprentice=apprentice, status=PriorCourseCredit.Status.APPROVED)
        .values_list("course_id", "completed_on", "credited_hours")
    )
    hours = sum((h for _c, _d, h in sections + prior if h is not None), Decimal("0"))
    done = {course_id: completed_on for course_id, completed_on, _h in sections}
    done.update({course_id: completed_on for course_id, completed_on, _h in prior if course_id not in done})
    return hours, done


def rti_hours(apprentice: Membership) -> Decimal:
    """Attended hours of completed courses plus hours credited for prior courses."""
    return rti_record(apprentice)[0]


def completed_courses(apprentice: Membership) -> dict[int, datetime.date | None]:
    """{course id: date} of the courses completed in a section or credited from a prior course."""
    return rti_record(apprentice)[1]


def required_courses(program: Program | None) -> QuerySet[Course]:
    if program is None:
        return Course.objects.none()
    return Course.objects.filter(
        pk__in=ProgramCourseRequirement.objects.filter(program=program).values("course_id")
    ).order_by("name")


def rti_checklist(
    apprentice: Membership, program: Program | None = None, *, rti_hours_required: int | None = None
) -> list[dict[str, Any]]:
    """The RTI lines of the apprentice's requirements checklist: hours, then each required course.

    The hours required are those of the standards version the apprentice is registered under
    (`rti_hours_required`, else that of their current enrollment); the required courses are the program's."""
    program = program or program_of(apprentice)
    if program is None:
        return []
    required = rti_hours_required if rti_hours_required is not None else required_rti_hours(apprentice, program)
    hours, done = rti_record(apprentice)
    lines = [{
        "label": _("RTI hours"), "met": hours >= required,
        "detail": f"{hours.normalize():,f} / {required:,} h",
        "value": hours, "target": required,
    }]
    for course in required_courses(program):
        met, completed_on = course.pk in done, done.get(course.pk)
        detail = (_("completed %(date)s") % {"date": completed_on.isoformat()} if completed_on
                  else _("completed") if met else _("not yet"))
        lines.append({"label": course.name, "met": met, "detail": detail})
    return lines

