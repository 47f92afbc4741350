"""The load-test data set: `seed_demo --apprentices N` adds N apprentices with proportional history at
keystone, spread over up to 50 employers, written with bulk inserts in batches."""

import random
import time

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from apprentices.demo.history import BATCH, FIRST, LAST, Book, History, S, months_ago, person
from apprentices.models import Enrollment, MentorAssignment, StatusChange
from apprentices.services import probation_end_for
from imt.models import User
from imt.permissions import Role
from jobbook.models import JobBookVersion
from programs.models import Employer, Membership, Program, Sponsor
from programs.services import current_standards

MAX_EMPLOYERS = 50
MENTORS_PER_EMPLOYER = 10  # about 20 apprentices per mentor at 10,000 apprentices
APPRENTICES_PER_BATCH = 250


def _load_employers(sponsor, program, admin, count):
    """Up to `count` load-test employers of `sponsor`, each with an employer admin, MENTORS_PER_EMPLOYER
    mentors and a published standard Job Book."""
    from jobbook import services as jobbook_services

    employers = []
    password_hash = make_password(None)
    for number in range(1, count + 1):
        employer, _created = Employer.objects.get_or_create(sponsor=sponsor, name=f"Load Test Plant {number:02d}")
        version = JobBookVersion.objects.filter(job_book__employer=employer, status=JobBookVersion.Status.PUBLISHED
                                                ).first()
        if version is None:
            book = jobbook_services.job_book_create(program=program, employer=employer, by=admin)
            version = jobbook_services.version_publish(version=book.versions.get(number=1), by=admin)
        person(sponsor, employer, Role.EMPLOYER_ADMIN, f"load-employer-{number:02d}@{sponsor.slug}.example",
                f"Load Employer Admin {number:02d}", password_hash)
        mentors = [
            person(sponsor, employer, Role.MENTOR, f"load-mentor-{number:02d}-{m:02d}@{sponsor.slug}.example",
                    f"Load Mentor {number:02d}-{m:02d}", password_hash)
            for m in range(1, MENTORS_PER_EMPLOYER + 1)
        ]
        employers.append((employer, Book(version), mentors))
    return employers


def seed_many(command, count):
    """`count` more apprentices at keystone with 1–18½ months of history each (about 230 entries and 40
    sign-offs on average), written in bulk, batch by batch."""
    started = time.monotonic()
    sponsor = Sponsor.objects.get(slug="keystone")
    program = Program.objects.filter(sponsor=sponsor).order_by("pk").first()
    admin = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN).select_related("user").first()
    employers = _load_employers(sponsor, program, admin, min(MAX_EMPLOYERS, max(1, count // 20)))
    rng = random.Random(count)
    today = timezone.localdate()
    unusable = make_password(None)
    offset = User.objects.filter(email__startswith="load-apprentice-").count()
    totals = [0, 0]
    standards = current_standards(program)
    for batch_start in range(0, count, APPRENTICES_PER_BATCH):
        numbers = range(offset + batch_start + 1, offset + min(batch_start + APPRENTICES_PER_BATCH, count) + 1)
        users = User.objects.bulk_create([
            User(email=f"load-apprentice-{n}@{sponsor.slug}.example", full_name=f"{rng.choice(FIRST)} "
                 f"{rng.choice(LAST)} {n}", password=unusable) for n in numbers
        ])
        placed = []
        for i, user in enumerate(users, start=offset + batch_start):
            employer, book, mentors = employers[i % len(employers)]
            placed.append((user, (employer, book, mentors[i // len(employers) % len(mentors)])))
        memberships = Membership.objects.bulk_create([
            Membership(user=user, sponsor=sponsor, role=Role.APPRENTICE, employer=employer)
            for user, (employer, _book, _mentor) in placed
        ])
        starts = [months_ago(today, rng.uniform(1, 18.5)) for _ in memberships]
        enrollments = Enrollment.objects.bulk_create([
            Enrollment(sponsor=sponsor, apprentice=membership, full_name=user.full_name, email=user.email,
                       program=program, employer=employer, job_book_version=book.version,
                       standards_version=standards, start_date=start,
                       probation_end=probation_end_for(program, start),
                       status=S.ACTIVE if probation_end_for(program, start) < today else S.PROBATION,
                       status_since=min(probation_end_for(program, start), today) if probation_end_for(
                           program, start) < today else start, created_by=admin.user)
            for membership, (user, (employer, book, _mentor)), start in zip(memberships, placed, starts, strict=True)
        ], batch_size=BATCH)
        history = History(sponsor, today)
        for enrollment, membership, (user, (_employer, book, mentor)) in zip(enrollments, memberships, placed,
                                                                              strict=True):
            enrollment.apprentice = membership
            membership.user = user
            history.change(enrollment, admin.user, enrollment.start_date, "", S.PROBATION, "Enrolled",
                           kind=StatusChange.Kind.ENROLLED)
            if enrollment.status == S.ACTIVE:
                history.change(enrollment, admin.user, enrollment.status_since, S.PROBATION, S.ACTIVE,
                               "Probation completed")
            history.assignments.append(MentorAssignment(sponsor=sponsor, enrollment=enrollment, mentor=mentor,
                                                        start_date=enrollment.start_date, created_by=admin.user))
            months = (today - enrollment.start_date).days / 30.4
            history.add(enrollment, book, mentor, rng=rng, hours_fraction=0.97, skills_fraction=min(1.0, months / 11),
                        pending_days=5, created_by=admin.user)
        entries, sign_offs = history.save()
        totals[0] += entries
        totals[1] += sign_offs
        command.stdout.write(f"  {batch_start + len(users)} / {count} apprentices, {totals[0]} hour entries, "
                             f"{totals[1]} sign-offs ({time.monotonic() - started:.0f} s)")
    command.stdout.write(f"Loaded {count} apprentices, {totals[0]} hour entries and {totals[1]} sign-offs "
                         f"in {time.monotonic() - started:.1f} s.")
