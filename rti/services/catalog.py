"""The catalog: courses, providers and sections; the courses a program requires, and the IMT standard's
catalog every sponsor starts with."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imt.dates import stamp
from imt.permissions import Role, require
from programs.models import Membership, Program, Sponsor
from rti.models import Course, ProgramCourseRequirement, Provider, Section, SectionEnrollment
from rti.services._access import require_own_sponsor
from rti.standard import IMT_COURSES, IMT_REQUIRED_COURSES

# --- Catalog ---------------------------------------------------------------


def course_create(*, by: Membership, name: str, hours: Decimal, description: str = "") -> Course:
    """Add a course to the catalog of the acting member's sponsor."""
    require(by, "rti.manage")
    return Course.objects.create(sponsor_id=by.sponsor_id, name=name, hours=hours, description=description)


def course_update(*, course: Course, by: Membership, name: str, hours: Decimal, description: str = "") -> Course:
    """Rename a course or change its hours or description; results and credits already recorded keep theirs."""
    require(by, "rti.manage", course)
    course.name, course.hours, course.description = name, hours, description
    course.save(update_fields=["name", "hours", "description"])
    return course


def course_retire(*, course: Course, by: Membership) -> Course:
    """Retire a course: it stays on transcripts but no new section or credit can use it."""
    require(by, "rti.manage", course)
    return stamp(course, "retired_at", on=True)


def course_restore(*, course: Course, by: Membership) -> Course:
    """Put a retired course back in the catalog."""
    require(by, "rti.manage", course)
    return stamp(course, "retired_at", on=False)


# --- Providers -------------------------------------------------------------

PROVIDER_FIELDS = ("name", "kind", "city", "state", "contact_name", "contact_email", "contact_phone")


def provider_create(*, by: Membership, name: str, **details: str) -> Provider:
    """Add a provider (`details`: kind, city, state, contact_name, contact_email, contact_phone)."""
    require(by, "rti.manage")
    unknown = set(details) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Not a provider's field: {', '.join(sorted(unknown))}")
    return Provider.objects.create(sponsor_id=by.sponsor_id, name=name, **details)


def provider_update(*, provider: Provider, by: Membership, **changes: str) -> Provider:
    """Change a provider's name, kind, place or contact (the fields of PROVIDER_FIELDS)."""
    require(by, "rti.manage", provider)
    unknown = set(changes) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Not a provider's field: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(provider, field, value)
    provider.save(update_fields=list(changes))
    return provider


# --- Sections --------------------------------------------------------------

SECTION_FIELDS = ("course", "provider", "mode", "starts_on", "ends_on", "schedule", "instructor", "capacity")


def _check_section(section: Section) -> None:
    if section.instructor.role != Role.INSTRUCTOR or not section.instructor.is_active:
        raise ValidationError({"instructor": _("Choose an active instructor of this sponsor.")})
    if section.ends_on < section.starts_on:
        raise ValidationError({"ends_on": _("The section cannot end before it starts.")})


def section_create(*, by: Membership, course: Course, provider: Provider, instructor: Membership,
                   starts_on: datetime.date, ends_on: datetime.date, **details: Any) -> Section:
    """Offer a course: a section with its provider, instructor, dates and seats (`details`: mode, schedule,
    capacity)."""
    require(by, "rti.manage")
    require_own_sponsor(by, course, provider, instructor)
    section = Section(sponsor_id=by.sponsor_id, course=course, provider=provider, instructor=instructor,
                      starts_on=starts_on, ends_on=ends_on)
    for field, value in details.items():
        if field not in SECTION_FIELDS:
            raise TypeError(f"Not a section's field: {field}")
        setattr(section, field, value)
    _check_section(section)
    section.save()
    return section


def section_update(*, section: Section, by: Membership, **changes: Any) -> Section:
    """Change a section (the fields of SECTION_FIELDS); its capacity never below the apprentices enrolled."""
    require(by, "rti.manage", section)
    for field, value in changes.items():
        if field not in SECTION_FIELDS:
            raise TypeError(f"Not a section's field: {field}")
        setattr(section, field, value)
    require_own_sponsor(by, section.course, section.provider, section.instructor)
    _check_section(section)
    with transaction.atomic():
        enrolled = SectionEnrollment.objects.filter(section=section).count()
        if section.capacity < enrolled:
            raise ValidationError({"capacity": _("%(n)d apprentices are already enrolled; the capacity cannot be "
                                                 "lower.") % {"n": enrolled}})
        section.save()
    return section


# --- Seeding and requirements ---------------------------------------------


def requirements_set(*, program: Program, courses: Iterable[Course], by: Membership) -> None:
    """Make `courses` the required courses of `program` (credentials.services.requirements_set sets both the
    courses and the credentials a program requires)."""
    require(by, "programs.manage", program)
    require_own_sponsor(by, *courses)
    _requirements_write(program=program, courses=courses)


def _requirements_write(*, program: Program, courses: Iterable[Course]) -> None:
    with transaction.atomic():
        wanted = {c.pk for c in courses}
        ProgramCourseRequirement.objects.filter(program=program).exclude(course__in=wanted).delete()
        have = set(ProgramCourseRequirement.objects.filter(program=program).values_list("course_id", flat=True))
        for pk in wanted - have:
            ProgramCourseRequirement.objects.create(sponsor_id=program.sponsor_id, program=program, course_id=pk)


def catalog_seed(*, sponsor: Sponsor) -> None:
    """Add the 14 courses of the IMT standard catalog (264 h) that the sponsor does not have yet."""
    existing = set(Course.objects.filter(sponsor=sponsor).values_list("name", flat=True))
    for name, hours in IMT_COURSES:
        if name not in existing:
            Course.objects.create(sponsor=sponsor, name=name, hours=Decimal(hours))


def program_requirements_seed(*, program: Program) -> None:
    """Give a program without required courses those of the IMT standard."""
    if ProgramCourseRequirement.objects.filter(program=program).exists():
        return
    catalog_seed(sponsor=program.sponsor)
    courses = Course.objects.filter(sponsor=program.sponsor, name__in=IMT_REQUIRED_COURSES)
    _requirements_write(program=program, courses=courses)
