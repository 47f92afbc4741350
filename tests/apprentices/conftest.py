"""Small factories for apprentices' records, on top of the shared `world` (tests/factories.py)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment, MentorAssignment, OJTEntry, Signature, content_hash
from imt.models import User
from imt.permissions import EMPLOYER_ROLES, Role
from jobbook.models import JobBookVersion
from programs.models import Employer, Membership

_numbers = itertools.count(1)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (row locks and concurrent connections)"
)


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


class Factory:
    def __init__(self, world):
        self.world = world
        self.sponsor = world.a
        with scopes_disabled():
            self.penn = Employer.objects.get(sponsor=world.a, name="Penn Precision Plastics")
            self.allegheny = Employer.objects.get(sponsor=world.a, name="Allegheny Metal Works")
            self.version = JobBookVersion.objects.get(
                job_book__employer=self.penn, status=JobBookVersion.Status.PUBLISHED
            )
            self.allegheny_version = JobBookVersion.objects.get(
                job_book__employer=self.allegheny, status=JobBookVersion.Status.PUBLISHED
            )
            self.program = self.version.job_book.program
        self.mentor = world.member("keystone", Role.MENTOR)
        self.employer_admin = world.member("keystone", Role.EMPLOYER_ADMIN)
        self.sponsor_admin = world.member("keystone", Role.SPONSOR_ADMIN)
        self.reviewer = world.member("keystone", Role.SPONSOR_REVIEWER)

    def member(self, role, employer=None, name=None):
        n = next(_numbers)
        name = name or f"{role.label} {n}"
        user = User.objects.create_user(f"{role.value}-{n}@test.example", "pw", full_name=name)
        with scopes_disabled():
            return Membership.objects.create(
                user=user, sponsor=self.sponsor, role=role,
                employer=(employer or self.penn) if role in EMPLOYER_ROLES else None,
            )

    def apprentice(self, employer=None, name=None):
        return self.member(Role.APPRENTICE, employer, name)

    def mentor_member(self, employer=None):
        return self.member(Role.MENTOR, employer)

    def competency(self, version=None, index=0):
        with scopes_disabled():
            return (version or self.version).competencies.order_by("position", "pk")[index]

    def skills(self, competency):
        with scopes_disabled():
            return list(competency.skills.order_by("position", "pk"))

    def enrollment(self, apprentice=None, start=None, status=Enrollment.Status.ACTIVE, mentor=None):
        """An enrollment created as rows (the services have their own tests)."""
        apprentice = apprentice or self.apprentice()
        start = start or days_ago(200)
        with scope(sponsor=self.sponsor):
            enrollment = Enrollment.objects.create(
                sponsor=self.sponsor, apprentice=apprentice, full_name=apprentice.user.full_name,
                email=apprentice.user.email, program=self.program, employer=apprentice.employer,
                job_book_version=self.version, standards_version=self.program.standards_versions.latest("number"),
                start_date=start, probation_end=start + datetime.timedelta(days=120),
                status=status, status_since=start, created_by=self.employer_admin.user,
            )
            MentorAssignment.objects.create(
                sponsor=self.sponsor, enrollment=enrollment, mentor=mentor or self.mentor, start_date=start,
                created_by=self.employer_admin.user,
            )
        return enrollment

    def signature(self, signer=None, meaning="test"):
        signer = signer or self.mentor.user
        content = {"test": next(_numbers)}
        with scope(sponsor=self.sponsor):
            return Signature.objects.create(
                sponsor=self.sponsor, signer=signer, printed_name=signer.full_name, signed_at=timezone.now(),
                meaning=meaning, content=content, content_hash=content_hash(content),
            )

    def entry(self, enrollment, hours="8", date=None, status=OJTEntry.Status.PENDING, competency=None):
        """An entry written as a row, with the enrollment's roster keys brought up to date as the services do."""
        from apprentices.services import refresh_roster_keys

        with scope(sponsor=self.sponsor):
            entry = OJTEntry.objects.create(
                sponsor=self.sponsor, enrollment=enrollment, date=date or days_ago(3),
                competency=competency or self.competency(), hours=Decimal(hours), status=status,
                created_by=enrollment.apprentice.user,
                signature=self.signature() if status == OJTEntry.Status.APPROVED else None,
                decided_by=self.mentor if status != OJTEntry.Status.PENDING else None,
            )
            refresh_roster_keys([enrollment.pk])
        return entry


@pytest.fixture
def make(world):
    return Factory(world)


@pytest.fixture
def in_keystone(world):
    with scope(sponsor=world.a):
        yield


@pytest.fixture
def enroll(make, in_keystone):
    """enroll(**overrides) → an enrollment made by the enrollment_create service."""
    from apprentices import services

    def _enroll(apprentice="new", start=None, **overrides):
        apprentice = make.apprentice() if apprentice == "new" else apprentice
        arguments = dict(
            sponsor=make.sponsor, by=make.employer_admin.user, program=make.program, employer=make.penn,
            job_book_version=make.version, start_date=start or days_ago(200), mentors=[make.mentor],
            apprentice=apprentice,
        )
        arguments.update(overrides)
        return services.enrollment_create(**arguments)

    return _enroll
