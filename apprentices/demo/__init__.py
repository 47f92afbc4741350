"""Demo apprentices with a history: enrollments at every stage, a year of hours, approvals and sign-offs.

Keystone gets about 40 apprentices across its two employers (new, on probation, midway, one eligible
for completion, one suspended, one cancelled) and pending items in mentor@keystone.example's queue;
apprentice@keystone.example is midway.  Lakeshore gets a handful.  Idempotent: a sponsor that already
has enrollments is left alone.

`seed_demo --apprentices N` adds N apprentices with proportional history at keystone, spread over up
to 50 employers, written with bulk inserts in batches (the load-test data set).

The rows are written directly (not through the services, which check one entry at a time) but follow
the same rules: no future dates, nothing before the start, at most 24 h a day, quarter hours, approvals
and sign-offs signed by an assigned mentor.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from apprentices.demo.history import (
    FIRST,
    LAST,
    Book,
    History,
    S,
    enroll,
    months_ago,
    person,
    set_status,
)
from apprentices.demo.load_test import seed_many
from apprentices.models import Enrollment, SignOffRequest
from apprentices.services import probation_end_for
from imt.permissions import Role
from jobbook.models import JobBookVersion
from programs.models import Employer, Membership, Program, Sponsor

PASSWORD = "demo-pass-2026"


# (label, months since start, hours fraction, skills fraction, path) — path steps are (status, months ago).
Stage = tuple[str, float, float, float, list[tuple[Enrollment.Status, float]]]
STAGES: list[Stage] = (
    [("new", 0.3, 0.9, 0.0, [])] * 4
    + [("probation", m, 0.95, 0.1, []) for m in (1, 1.5, 2, 2.5, 3, 3.5)]
    + [("midway", m, 0.93, m / 18, [(S.ACTIVE, m - 4)]) for m in (5, 6, 6.5, 7, 8, 8.5, 9, 10, 10.5, 11, 12, 12.5,
                                                                   13, 14, 15, 16)]
    + [("suspended", 8, 0.9, 0.3, [(S.ACTIVE, 4), (S.SUSPENDED, 1)])]
    + [("cancelled", 6, 0.8, 0.1, [(S.ACTIVE, 2), (S.CANCELLED, 1.5)])]
    + [("long", m, 0.95, 0.8, [(S.ACTIVE, m - 4)]) for m in (17, 17.5)]
)


def seed_sponsor(command, sponsor, plan, rng, password_hash):
    if Enrollment.objects.filter(sponsor=sponsor).exists():
        return
    today = timezone.localdate()
    program = Program.objects.filter(sponsor=sponsor).order_by("pk").first()
    admin = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN).select_related("user").first()
    if program is None or admin is None:
        return
    history = History(sponsor, today)
    names = iter(f"{first} {last}" for last in LAST for first in FIRST)
    created = 0
    for employer_name, mentor_spec, step in plan:
        employer = Employer.objects.filter(sponsor=sponsor, name=employer_name).first()
        version = JobBookVersion.objects.filter(job_book__employer=employer, job_book__program=program,
                                                status=JobBookVersion.Status.PUBLISHED).first()
        if employer is None or version is None:
            continue
        book = Book(version)
        email, full_name = mentor_spec
        mentor = person(sponsor, employer, Role.MENTOR, email, full_name, password_hash)
        employer_admin = Membership.objects.filter(employer=employer, role=Role.EMPLOYER_ADMIN).first()
        by = (employer_admin or admin).user
        stages = STAGES[::step]
        for index, (label, months, hours_fraction, skills_fraction, path) in enumerate(stages):
            name = next(names)
            local = name.lower().replace(" ", ".")
            apprentice = person(sponsor, employer, Role.APPRENTICE, f"{local}@{sponsor.slug}.example", name,
                                 password_hash)
            start = months_ago(today, months)
            enrollment = enroll(history, apprentice=apprentice, program=program, employer=employer, book=book,
                                 mentor=mentor, start=start, by=by)
            stop = None
            steps = [(status, months_ago(today, ago), "Probation completed" if status == S.ACTIVE else
                      "Medical leave" if status == S.SUSPENDED else "Left the company") for status, ago in path]
            for status, date, _reason in steps:
                if status in (S.SUSPENDED, S.CANCELLED):
                    stop = date - datetime.timedelta(days=1)
            set_status(history, enrollment, by, steps)
            history.add(enrollment, book, mentor, rng=rng, hours_fraction=hours_fraction,
                        skills_fraction=skills_fraction, pending_days=4 if index % 3 == 0 and not stop else 0,
                        stop=stop, created_by=by)
            if label == "midway" and index % 5 == 0:
                skill = book.skills[-1 - index % 7]
                history.requests.append(SignOffRequest(sponsor=sponsor, enrollment=enrollment, skill=skill,
                                                       skill_key=skill.key, requested_by=apprentice.user,
                                                       note="Ready whenever you can watch me do it."))
            created += 1
        if employer_name == plan[0][0]:
            created += _eligible_and_demo_apprentice(history, sponsor, program, employer, book, mentor, by, rng,
                                                     names, password_hash)
    history.save()
    command.stdout.write(f"Apprentices at {sponsor.slug}: {created} with their history")


def _eligible_and_demo_apprentice(history, sponsor, program, employer, book, mentor, by, rng, names, password_hash):
    today = history.today
    created = 0
    # One apprentice ready for completion: every skill signed off and every competency's hours approved.
    name = next(names)
    eligible = person(sponsor, employer, Role.APPRENTICE, f"{name.lower().replace(' ', '.')}@{sponsor.slug}.example",
                       name, password_hash)
    start = months_ago(today, 19)
    enrollment = enroll(history, apprentice=eligible, program=program, employer=employer, book=book, mentor=mentor,
                         start=start, by=by)
    set_status(history, enrollment, by, [(S.ACTIVE, probation_end_for(program, start), "Probation completed")])
    history.add(enrollment, book, mentor, rng=rng, hours_fraction=1.0, skills_fraction=1.0, created_by=by)
    created += 1
    # The canonical demo apprentice: midway, with approved hours and a few days pending.
    demo = Membership.objects.filter(sponsor=sponsor, role=Role.APPRENTICE, user__email=f"apprentice@{sponsor.slug}"
                                     ".example").select_related("user").first()
    if demo is not None and demo.employer_id == employer.pk:
        start = months_ago(today, 9)
        enrollment = enroll(history, apprentice=demo, program=program, employer=employer, book=book, mentor=mentor,
                             start=start, by=by)
        set_status(history, enrollment, by, [(S.ACTIVE, probation_end_for(program, start), "Probation completed")])
        history.add(enrollment, book, mentor, rng=rng, hours_fraction=0.95, skills_fraction=0.45, pending_days=6,
                    created_by=by)
        skill = book.skills[-1]
        history.requests.append(SignOffRequest(sponsor=sponsor, enrollment=enrollment, skill=skill,
                                               skill_key=skill.key, requested_by=demo.user,
                                               note="I ran the last three changeovers myself."))
        created += 1
    return created


KEYSTONE_PLAN = [
    # (employer, its mentor, every how many stages it takes)
    ("Penn Precision Plastics", ("mentor@keystone.example", "Frank Miller"), 1),
    ("Allegheny Metal Works", ("dana.kowal@keystone.example", "Dana Kowal"), 4),
]
LAKESHORE_PLAN = [("Erie Food Processing", ("mentor@lakeshore.example", "Hector Alvarez"), 6)]


def seed(command, options):
    rng = random.Random(2026)
    password_hash = make_password(PASSWORD)
    for slug, plan in (("keystone", KEYSTONE_PLAN), ("lakeshore", LAKESHORE_PLAN)):
        sponsor = Sponsor.objects.filter(slug=slug).first()
        if sponsor is not None:
            seed_sponsor(command, sponsor, plan, rng, password_hash)
    extra = options.get("apprentices") or 0
    if extra > 0:
        seed_many(command, extra)
