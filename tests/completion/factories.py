"""An apprentice who meets every completion requirement, built through the services — with
switches to leave one requirement out."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from apprentices import services as apprentice_services
from apprentices.models import Enrollment, OJTEntry
from credentials.models import Credential, CredentialType, ProgramCredentialRequirement
from credentials.services import credential_record, credential_verify
from imt.models import User
from imt.permissions import Role
from jobbook.models import Competency, JobBookVersion
from programs.models import Membership, Program
from rti.models import Course, Grade, Provider, Section, SectionEnrollment


def make_apprentice(world, sponsor_slug="keystone", name="Casey Morgan"):
    employer_admin = world.member(sponsor_slug, Role.EMPLOYER_ADMIN)
    email = name.lower().replace(" ", ".") + "@example.com"
    user = User.objects.create_user(email, "demo-pass-2026", full_name=name)
    return Membership.objects.create(
        user=user, sponsor=employer_admin.sponsor, role=Role.APPRENTICE, employer=employer_admin.employer
    )


def make_eligible(
    world, *, sponsor_slug="keystone", approach=None, name="Casey Morgan",
    skip_hours_for=None, short_hours=0, skip_sign_offs=0, skip_course=None, skip_credential=None,
    expired_credential=None, stay_on_probation=False,
):
    """An enrollment that is eligible for completion unless a skip_* switch leaves something out."""
    employer_admin = world.member(sponsor_slug, Role.EMPLOYER_ADMIN)
    mentor = world.member(sponsor_slug, Role.MENTOR)
    sponsor, employer = employer_admin.sponsor, employer_admin.employer
    program = Program.objects.filter(sponsor=sponsor).order_by("pk").first()
    if approach and program.approach != approach:
        program.approach = approach
        program.save(update_fields=["approach"])
    version = JobBookVersion.objects.get(job_book__program=program, job_book__employer=employer, status="published")
    if program.approach == Program.Approach.HYBRID:
        # Hybrid Job Books name a minimum per competency: half the target here.
        Competency.objects.filter(version=version).update(minimum_hours=F("target_hours") / 2)
    apprentice = make_apprentice(world, sponsor_slug, name)
    start = timezone.localdate() - timedelta(days=600)
    enrollment = apprentice_services.enrollment_create(
        sponsor=sponsor, by=employer_admin.user, program=program, employer=employer, job_book_version=version,
        start_date=start, mentors=[mentor], apprentice=apprentice,
    )
    if not stay_on_probation and enrollment.status != Enrollment.Status.ACTIVE:
        apprentice_services.enrollment_change_status(
            enrollment=enrollment, to_status=Enrollment.Status.ACTIVE, effective_date=start + timedelta(days=130),
            reason="Probation completed", by=employer_admin.user,
        )

    # Hours: each competency's target in 8-hour days (the last day shorter), approved by the mentor.
    competencies = list(Competency.objects.filter(version=version).prefetch_related("skills").order_by("position"))
    entries, day = [], start
    for competency in competencies:
        if competency.name == skip_hours_for:
            continue
        remaining = Decimal(competency.target_hours)
        if competency is competencies[0]:
            remaining -= short_hours
        while remaining > 0:
            hours = min(Decimal(8), remaining)
            entries.append(OJTEntry(
                sponsor=sponsor, enrollment=enrollment, date=day, competency=competency, hours=hours,
                created_by=apprentice.user,
            ))
            remaining -= hours
            day += timedelta(days=1)
            if day > timezone.localdate():
                day = start
    OJTEntry.objects.bulk_create(entries)
    apprentice_services.hours_approve(mentor=mentor, entries=[e.pk for e in entries])

    skills = [skill for competency in competencies for skill in competency.skills.all()]
    for skill in skills[skip_sign_offs:]:
        apprentice_services.skill_sign_off(
            enrollment=enrollment, skill=skill, mentor=mentor, level=3, observed_on=start + timedelta(days=200),
            comment="Observed on the line", password_confirmed_at=timezone.now(),
        )

    instructor = world.member(sponsor_slug, Role.INSTRUCTOR)
    provider, _ = Provider.objects.get_or_create(sponsor=sponsor, name="Test Training Center")
    for course in Course.objects.filter(sponsor=sponsor, retired_at__isnull=True):
        if course.name == skip_course:
            continue
        section = Section.objects.create(
            sponsor=sponsor, course=course, provider=provider, starts_on=start + timedelta(days=30),
            ends_on=start + timedelta(days=60), instructor=instructor, capacity=20,
        )
        SectionEnrollment.objects.create(
            sponsor=sponsor, section=section, apprentice=apprentice, enrolled_by=instructor.user,
            attended_hours=course.hours, grade=Grade.PASS, completed_on=start + timedelta(days=60),
            recorded_by=instructor.user, recorded_at=timezone.now(),
        )

    required = CredentialType.objects.filter(
        pk__in=ProgramCredentialRequirement.objects.filter(program=program).values("credential_type_id")
    )
    for credential_type in required:
        if credential_type.name == skip_credential:
            continue
        earned = timezone.localdate() - timedelta(days=100)
        expires = timezone.localdate() - timedelta(days=1) if credential_type.name == expired_credential else None
        credential = credential_record(
            apprentice=apprentice, credential_type=credential_type, earned_on=earned, by=apprentice.user,
            number=f"T-{credential_type.pk}", expires_on=expires,
        )
        credential_verify(credential=credential, by=world.user(sponsor_slug, Role.SPONSOR_REVIEWER))
    enrollment.refresh_from_db()
    return enrollment


__all__ = ["make_eligible", "make_apprentice", "Credential"]
