"""Demo data of ratio compliance and probation, at keystone.

mentor@keystone.example already mentors far more apprentices than the 1:1 ratio of keystone's standards
allows, so the compliance page lists that breach as it is.  Added here: a journeyworker of Penn Precision
Plastics without a sign-in, and two apprentices on probation at Penn, one whose probation ends within
14 days and one whose probation ended a week ago with no outcome.  Allegheny Metal Works keeps its
journeyworkers on the roster, so that it has room under the ratio for a few more apprentices (the roster
import can be tried there, by its employer admin).  Idempotent.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from apprentices.demo.history import Book, History, enroll, person
from apprentices.models import Enrollment
from compliance import services
from compliance.models import Journeyworker
from imt.dates import add_months
from imt.permissions import Role
from jobbook.models import JobBookVersion
from programs.models import Employer, Membership, Program, Sponsor

PASSWORD = "demo-pass-2026"
EMPLOYER = "Penn Precision Plastics"
ALLEGHENY = "Allegheny Metal Works"
ALLEGHENY_JOURNEYWORKERS = [
    "Marcus Bell", "Irene Sokolov", "Tomás Herrera", "Deb Nowak", "Ahmed Farouk", "Joyce Lindqvist",
    "Pete Hanlon", "Grace Oyelaran", "Luis Medina", "Carla Rinaldi",
]
# (e-mail, name, days from today to the end of probation)
PROBATIONERS = [
    ("quinn.abernathy@keystone.example", "Quinn Abernathy", 9),
    ("rowan.castellanos@keystone.example", "Rowan Castellanos", -7),
]


def seed(command, options):
    sponsor = Sponsor.objects.filter(slug="keystone").first()
    employer = Employer.objects.filter(sponsor=sponsor, name=EMPLOYER).first() if sponsor else None
    admin = Membership.objects.filter(employer=employer, role=Role.EMPLOYER_ADMIN, is_active=True).first()
    if employer is None or admin is None:
        return
    if not Journeyworker.objects.filter(employer=employer, name="Walter Brandt").exists():
        services.journeyworker_add(employer=employer, by=admin, name="Walter Brandt", worksite="Plant 2 (Reading)",
                                   start_date=timezone.localdate() - datetime.timedelta(days=400))
    _probationers(command, sponsor, employer, admin)
    _allegheny_roster(sponsor)


def _allegheny_roster(sponsor):
    employer = Employer.objects.filter(sponsor=sponsor, name=ALLEGHENY).first()
    admin = Membership.objects.filter(employer=employer, role=Role.EMPLOYER_ADMIN, is_active=True).first()
    if employer is None or admin is None:
        return
    recorded = set(Journeyworker.objects.filter(employer=employer).values_list("name", flat=True))
    for number, name in enumerate(ALLEGHENY_JOURNEYWORKERS):
        if name not in recorded:
            services.journeyworker_add(employer=employer, by=admin, name=name, worksite="Pittsburgh",
                                       start_date=timezone.localdate() - datetime.timedelta(days=900 + 40 * number))


def _probationers(command, sponsor, employer, admin):
    program = Program.objects.filter(sponsor=sponsor).order_by("pk").first()
    version = JobBookVersion.objects.filter(job_book__employer=employer, job_book__program=program,
                                            status=JobBookVersion.Status.PUBLISHED).first()
    mentor = Membership.objects.filter(sponsor=sponsor, role=Role.MENTOR, user__email="mentor@keystone.example").first()
    if program is None or version is None or mentor is None:
        return
    today = timezone.localdate()
    history = History(sponsor, today)
    book = Book(version)
    password_hash = make_password(PASSWORD)
    added = 0
    for email, name, days in PROBATIONERS:
        if Enrollment.objects.filter(sponsor=sponsor, email=email).exists():
            continue
        apprentice = person(sponsor, employer, Role.APPRENTICE, email, name, password_hash)
        # The start that puts the end of probation (start + the program's probation) `days` from today.
        end = today + datetime.timedelta(days=days)
        start = add_months(end, -program.probation_months)
        enrollment = enroll(history, apprentice=apprentice, program=program, employer=employer, book=book,
                            mentor=mentor, start=start, by=admin.user)
        history.add(enrollment, book, mentor, rng=random.Random(days), hours_fraction=0.9, skills_fraction=0.05,
                    created_by=admin.user)
        added += 1
    history.save()
    command.stdout.write(f"Compliance keystone: {added} apprentices on probation added")
