"""Reads of RTI: who may see which apprentice, sections, grids, hours and the course checklist."""

from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from imt.permissions import Role
from programs.models import Membership, Program
from rti.models import Course, PriorCourseCredit, ProgramCourseRequirement, Section, SectionEnrollment


def program_of(apprentice):
    """The program of this apprentice: that of their current enrollment (the open one, else the latest);
    without an enrollment, the sponsor's first active program."""
    from apprentices.selectors import current_enrollment

    enrollment = current_enrollment(apprentice)
    if enrollment is not None:
        return enrollment.program
    return Program.objects.filter(sponsor_id=apprentice.sponsor_id, is_active=True).order_by("pk").first()


def apprentices_of(sponsor):
    return (
        Membership.objects.filter(sponsor=sponsor, role=Role.APPRENTICE, is_active=True)
        .select_related("user", "employer")
        .order_by("user__full_name", "user__email")
    )


def apprentices_visible_to(membership):
    """The apprentices whose records (transcript, credentials, evidence) `membership` may see.

    Sponsor staff: all; employer admin: their employer's; mentor: the apprentices they are currently
    assigned to; apprentice: themself; instructor: none (they see results through the sections they teach).
    """
    from apprentices.models import MentorAssignment

    apprentices = Membership.objects.filter(sponsor_id=membership.sponsor_id, role=Role.APPRENTICE)
    if membership.is_sponsor_staff:
        return apprentices
    if membership.role == Role.EMPLOYER_ADMIN:
        return apprentices.filter(employer_id=membership.employer_id)
    if membership.role == Role.MENTOR:
        assigned = MentorAssignment.objects.filter(mentor=membership, end_date__isnull=True)
        return apprentices.filter(pk__in=assigned.values("enrollment__apprentice_id"))
    if membership.role == Role.APPRENTICE:
        return apprentices.filter(pk=membership.pk)
    return apprentices.none()


def sections_for(membership):
    """The sections `membership` may open: all for sponsor staff, the ones they teach for an instructor."""
    sections = Section.objects.filter(sponsor_id=membership.sponsor_id)
    if membership.is_sponsor_staff:
        return sections
    if membership.role == Role.INSTRUCTOR:
        return sections.filter(instructor=membership)
    return sections.none()


def section_list(membership):
    return (
        sections_for(membership)
        .select_related("course", "provider", "instructor__user")
        .annotate(
            enrolled=Count("enrollments", distinct=True),
            completed=Count("enrollments", filter=Q(enrollments__completed_on__isnull=False), distinct=True),
        )
        .order_by("-starts_on", "course__name")
    )


def section_roster(section):
    """The section's enrollments with everything the roster and the results grid show, in one query."""
    return (
        SectionEnrollment.objects.filter(section=section)
        .select_related("apprentice__user", "apprentice__employer", "recorded_by")
        .order_by("apprentice__user__full_name", "apprentice__user__email")
    )


def enrollable_apprentices(section):
    return apprentices_of(section.sponsor_id).exclude(rti_enrollments__section=section)


def course_results(apprentice):
    """The apprentice's section results, newest first, with course and provider."""
    return (
        SectionEnrollment.objects.filter(apprentice=apprentice)
        .select_related("section__course", "section__provider", "section__instructor__user")
        .order_by("-section__starts_on")
    )


def course_credits(apprentice):
    return (
        PriorCourseCredit.objects.filter(apprentice=apprentice)
        .select_related("course", "decided_by", "requested_by")
        .order_by("-requested_at")
    )


def rti_record(apprentice):
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


def rti_hours(apprentice):
    """Attended hours of completed courses plus hours credited for prior courses."""
    return rti_record(apprentice)[0]


def completed_courses(apprentice):
    """{course id: date} of the courses completed in a section or credited from a prior course."""
    return rti_record(apprentice)[1]


def required_courses(program):
    if program is None:
        return Course.objects.none()
    return Course.objects.filter(
        pk__in=ProgramCourseRequirement.objects.filter(program=program).values("course_id")
    ).order_by("name")


def rti_checklist(apprentice, program=None):
    """The RTI lines of the apprentice's requirements checklist: hours, then each required course."""
    program = program or program_of(apprentice)
    if program is None:
        return []
    hours, done = rti_record(apprentice)
    lines = [{
        "label": _("RTI hours"), "met": hours >= program.rti_hours_required,
        "detail": f"{hours.normalize():,f} / {program.rti_hours_required:,} h",
        "value": hours, "target": program.rti_hours_required,
    }]
    for course in required_courses(program):
        met = course.pk in done
        detail = (_("completed %(date)s") % {"date": done[course.pk].isoformat()} if met and done[course.pk]
                  else _("completed") if met else _("not yet"))
        lines.append({"label": course.name, "met": met, "detail": detail})
    return lines

