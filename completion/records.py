"""A complete apprenticeship record built through the services: every competency's hours approved,
every skill signed off, every course completed and every required credential verified.

Used by the demo data, the packet benchmark and the tests; the `skip_*` switches leave one
requirement out.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apprentices import services as apprentice_services
from apprentices.models import Enrollment, OJTEntry
from apprentices.services.enrollments import assignment_checks_suspended
from credentials.models import CredentialType, ProgramCredentialRequirement
from credentials.services import credential_record, credential_verify
from imt.models import User
from imt.permissions import Role
from jobbook.models import Competency, JobBookVersion
from programs.models import Membership, Program
from rti import services as rti_services
from rti.models import Course, Grade, Provider, Section, SectionEnrollment


def new_apprentice(sponsor, employer, full_name, email=None, password=None):
    email = email or full_name.lower().replace(" ", ".") + f"@{sponsor.slug}.example"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, password, full_name=full_name)
    membership, _ = Membership.objects.get_or_create(
        user=user, sponsor=sponsor, defaults={"role": Role.APPRENTICE, "employer": employer}
    )
    return membership


def complete_record(
    *, sponsor, employer, full_name, email=None, password=None, program=None, days=600, hours_per_day=8,
    skip_hours_for=None, short_hours=0, skip_sign_offs=0, skip_course=None, skip_credential=None,
    expired_credential=None, unverified_credential=None, stay_on_probation=False,
):
    """An enrollment of a new apprentice at `employer` that is eligible for completion unless a
    skip_* switch leaves something out.  Returns the enrollment."""
    staff = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN, is_active=True).first()
    employer_admin = Membership.objects.filter(employer=employer, role=Role.EMPLOYER_ADMIN, is_active=True).first()
    mentor = Membership.objects.filter(employer=employer, role=Role.MENTOR, is_active=True).order_by("pk").first()
    instructor = Membership.objects.filter(sponsor=sponsor, role=Role.INSTRUCTOR, is_active=True).first()
    by = (employer_admin or staff).user
    program = program or Program.objects.filter(sponsor=sponsor).order_by("pk").first()
    version = JobBookVersion.objects.get(job_book__program=program, job_book__employer=employer, status="published")
    apprentice = new_apprentice(sponsor, employer, full_name, email, password)
    start = timezone.localdate() - timedelta(days=days)
    with assignment_checks_suspended():  # the demo's employers are already over their ratio
        enrollment = apprentice_services.enrollment_create(
            sponsor=sponsor, by=by, program=program, employer=employer, job_book_version=version,
            start_date=start, mentors=[mentor], apprentice=apprentice,
        )
    if not stay_on_probation and enrollment.status != Enrollment.Status.ACTIVE:
        apprentice_services.enrollment_change_status(
            enrollment=enrollment, to_status=Enrollment.Status.ACTIVE, effective_date=enrollment.probation_end,
            reason="Probation completed", by=by,
        )

    competencies = list(Competency.objects.filter(version=version).prefetch_related("skills").order_by("position"))
    entries, day, today = [], start, timezone.localdate()
    for index, competency in enumerate(competencies):
        if competency.name == skip_hours_for:
            continue
        remaining = Decimal(competency.target_hours) - (short_hours if index == 0 else 0)
        while remaining > 0:
            hours = min(Decimal(hours_per_day), remaining)
            entries.append(OJTEntry(sponsor=sponsor, enrollment=enrollment, date=day, competency=competency,
                                    hours=hours, created_by=apprentice.user))
            remaining -= hours
            day = day + timedelta(days=1) if day < today else start
    OJTEntry.objects.bulk_create(entries)
    apprentice_services.hours_approve(mentor=mentor, entries=[e.pk for e in entries])

    skills = [skill for competency in competencies for skill in competency.skills.all()]
    observed = start + timedelta(days=days // 3)
    for skill in skills[skip_sign_offs:]:
        apprentice_services.skill_sign_off(
            enrollment=enrollment, skill=skill, mentor=mentor, level=3, observed_on=observed,
            comment="Observed on the line", password_confirmed_at=timezone.now(),
        )

    provider, _ = Provider.objects.get_or_create(sponsor=sponsor, name="Capital Area Training Center")
    for course in Course.objects.filter(sponsor=sponsor, retired_at__isnull=True).order_by("name"):
        if course.name == skip_course:
            continue
        section = Section.objects.create(
            sponsor=sponsor, course=course, provider=provider, starts_on=start + timedelta(days=30),
            ends_on=start + timedelta(days=60), instructor=instructor, capacity=20, schedule="Tue & Thu 6–9 pm",
        )
        seat = SectionEnrollment.objects.create(
            sponsor=sponsor, section=section, apprentice=apprentice, enrolled_by=instructor.user,
        )
        rti_services.result_write(enrollment=seat, by=instructor.user, values={
            "attended_hours": course.hours, "grade": Grade.PASS, "completed_on": start + timedelta(days=60),
            "hours_reason": "",
        })

    required = CredentialType.objects.filter(
        pk__in=ProgramCredentialRequirement.objects.filter(program=program).values("credential_type_id")
    ).order_by("name")
    for credential_type in required:
        if credential_type.name == skip_credential:
            continue
        expires = today - timedelta(days=1) if credential_type.name == expired_credential else None
        credential = credential_record(
            apprentice=apprentice, credential_type=credential_type, earned_on=today - timedelta(days=100),
            by=apprentice, number=f"{credential_type.pk:03d}-{apprentice.pk:05d}", expires_on=expires,
        )
        if credential_type.name != unverified_credential:
            credential_verify(credential=credential, by=staff)
    enrollment.refresh_from_db()
    return enrollment
