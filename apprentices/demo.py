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
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from apprentices.models import (
    Enrollment,
    MentorAssignment,
    OJTEntry,
    Signature,
    SignOffRequest,
    SkillSignOff,
    StatusChange,
    content_hash,
)
from apprentices.services import APPROVAL_MEANING, probation_end_for, refresh_roster_keys
from imt.models import User
from imt.permissions import Role
from jobbook.models import Competency, JobBookVersion, Skill
from programs.models import Employer, Membership, Program, Sponsor

PASSWORD = "demo-pass-2026"
S = Enrollment.Status
BATCH = 5000

# Names sort before the canonical demo people of the same role, so "the" demo apprentice and mentor
# stay the last of their role in a listing ordered by name.
FIRST = ["Aaliyah", "Aaron", "Abel", "Adrian", "Alicia", "Amir", "Ana", "Andre", "Angela", "Anika", "Ben", "Bianca",
         "Brandon", "Caleb", "Carmen", "Chloe", "Colin", "Dante", "Darius", "Devon", "Elena", "Eli", "Emma", "Ethan",
         "Fatima", "Felix", "Gabriel", "Grace", "Hana", "Hugo", "Imani", "Isaac", "Jada", "Jamal", "Jasmine", "Kai",
         "Keisha", "Leo", "Lucia", "Malik", "Maya", "Miguel", "Nadia", "Nina", "Omar", "Priya", "Quinn", "Rosa",
         "Samir", "Sofia"]
LAST = ["Adams", "Baker", "Castro", "Diaz", "Evans", "Foster", "Garcia", "Hughes", "Ibrahim", "Jensen", "Kowalski",
        "Lopez", "Morales", "Nowak", "Okafor", "Patel", "Reyes", "Schmidt", "Thompson", "Vargas", "Walsh", "Young"]


class Book:
    """A published Job Book version's competencies and skills, loaded once."""

    def __init__(self, version):
        self.version = version
        self.competencies = list(Competency.objects.filter(version=version).order_by("position", "pk"))
        self.skills = list(Skill.objects.filter(competency__version=version).order_by("competency__position",
                                                                                     "position", "pk"))


def working_days(start, end):
    day = start
    while day <= end:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


class History:
    """Rows of one batch of apprentices, written together with bulk_create."""

    def __init__(self, sponsor, today):
        self.sponsor, self.today = sponsor, today
        self.signatures, self.entries, self.sign_offs, self.changes, self.assignments = [], [], [], [], []
        self.requests = []

    def signature(self, signer, meaning, content, when):
        content = {**content, "signer": signer.pk, "printed_name": signer.full_name, "meaning": meaning,
                   "signed_at": when.isoformat()}
        signature = Signature(sponsor=self.sponsor, signer=signer, printed_name=signer.full_name, signed_at=when,
                              meaning=meaning, content=content, content_hash=content_hash(content))
        self.signatures.append(signature)
        return signature

    def add(self, enrollment, book, mentor, *, rng, hours_fraction=1.0, skills_fraction=0.0, pending_days=0,
            stop=None, created_by):
        """Hours on working days from the start until `stop` (yesterday), balanced over the competencies by
        target; entries older than `pending_days` approved weekly by `mentor`; a share of skills signed off."""
        stop = stop or self.today - datetime.timedelta(days=1)
        done = {c.pk: Decimal(0) for c in book.competencies}
        week, week_signature = None, None
        apprentice_user = enrollment.apprentice.user
        for day in working_days(enrollment.start_date, stop):
            if rng.random() > hours_fraction:
                continue
            competency = min(book.competencies, key=lambda c: done[c.pk] / max(c.target_hours, 1))
            hours = Decimal(rng.choice([6, 7.5, 8, 8, 8, 8.5, 10])).quantize(Decimal("0.25"))
            done[competency.pk] += hours
            entry = [enrollment.pk, day, competency.pk, hours, OJTEntry.Status.PENDING, None, None, None,
                     apprentice_user.pk]
            if (self.today - day).days > pending_days:
                monday = day - datetime.timedelta(days=day.weekday())
                if monday != week:
                    week = monday
                    signed_at = timezone.make_aware(
                        datetime.datetime.combine(min(monday + datetime.timedelta(days=7), self.today),
                                                  datetime.time(16, 30)))
                    week_signature = self.signature(mentor.user, APPROVAL_MEANING,
                                                    {"action": "approve_ojt_hours", "enrollment": enrollment.full_name,
                                                     "week": monday.isoformat()}, signed_at)
                entry[4:8] = [OJTEntry.Status.APPROVED, week_signature, mentor.pk, week_signature.signed_at]
            self.entries.append(entry)
        signed = book.skills[: round(len(book.skills) * skills_fraction)]
        span = max((stop - enrollment.start_date).days, 1)
        for index, skill in enumerate(signed):
            observed = enrollment.start_date + datetime.timedelta(days=span * (index + 1) // (len(signed) + 1))
            when = timezone.make_aware(datetime.datetime.combine(observed, datetime.time(14, 0)))
            signature = self.signature(mentor.user, SkillSignOff.MEANING,
                                       {"action": "skill_sign_off", "apprentice": enrollment.full_name,
                                        "skill": skill.key, "level": 3, "observed_on": observed.isoformat()}, when)
            self.sign_offs.append(SkillSignOff(
                sponsor=self.sponsor, enrollment=enrollment, skill=skill, skill_key=skill.key, mentor=mentor,
                level=3 if index % 4 else 4, observed_on=observed, signature=signature,
                comment="Observed on the floor; meets the standard.",
            ))
        return sum(done.values(), Decimal(0))

    def _save_entries(self):
        """Hour entries are most of the rows: PostgreSQL takes them by COPY, other databases by bulk_create."""
        now = timezone.now()
        rows = [(self.sponsor.pk, enrollment, day, competency, hours, "", status, "", created_by, now, now,
                 decided_by, decided_at, "", signature.pk if signature else None)
                for enrollment, day, competency, hours, status, signature, decided_by, decided_at, created_by
                in self.entries]
        if connection.vendor == "postgresql":
            columns = ("sponsor_id, enrollment_id, date, competency_id, hours, note, status, correction_reason, "
                       "created_by_id, created_at, updated_at, decided_by_id, decided_at, decision_reason, "
                       "signature_id")
            with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY apprentices_ojtentry ({columns}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        OJTEntry.objects.bulk_create([
            OJTEntry(sponsor_id=r[0], enrollment_id=r[1], date=r[2], competency_id=r[3], hours=r[4], status=r[6],
                     created_by_id=r[8], decided_by_id=r[11], decided_at=r[12], signature_id=r[14])
            for r in rows
        ], batch_size=BATCH)

    def change(self, enrollment, by, effective, from_status, to_status, reason, kind=StatusChange.Kind.STATUS):
        self.changes.append(StatusChange(
            sponsor=self.sponsor, enrollment=enrollment, kind=kind, effective_date=effective,
            from_status=from_status, to_status=to_status, reason=reason, by=by,
            to_employer=enrollment.employer if kind == StatusChange.Kind.ENROLLED else None,
        ))

    def save(self):
        Signature.objects.bulk_create(self.signatures, batch_size=BATCH)
        for sign_off in self.sign_offs:
            sign_off.signature_id = sign_off.signature.pk
        self._save_entries()
        SkillSignOff.objects.bulk_create(self.sign_offs, batch_size=BATCH)
        StatusChange.objects.bulk_create(self.changes, batch_size=BATCH)
        MentorAssignment.objects.bulk_create(self.assignments, batch_size=BATCH)
        SignOffRequest.objects.bulk_create(self.requests, batch_size=BATCH)
        refresh_roster_keys({entry[0] for entry in self.entries})
        counts = len(self.entries), len(self.sign_offs)
        self.__init__(self.sponsor, self.today)
        return counts


def months_ago(today, months):
    return today - datetime.timedelta(days=round(months * 30.4))


def _enroll(history, *, apprentice, program, employer, book, mentor, start, by):
    enrollment = Enrollment.objects.create(
        sponsor=history.sponsor, apprentice=apprentice, full_name=apprentice.user.full_name,
        email=apprentice.user.email, program=program, employer=employer, job_book_version=book.version,
        start_date=start, probation_end=probation_end_for(program, start), status=S.PROBATION, status_since=start,
        created_by=by,
    )
    history.change(enrollment, by, start, "", S.PROBATION, "Enrolled", kind=StatusChange.Kind.ENROLLED)
    history.assignments.append(MentorAssignment(sponsor=history.sponsor, enrollment=enrollment, mentor=mentor,
                                                start_date=start, created_by=by))
    return enrollment


def _set_status(history, enrollment, by, path):
    """Walk `path` [(status, date, reason)] from probation, recording each step."""
    current = enrollment.status
    for status, date, reason in path:
        history.change(enrollment, by, date, current, status, reason)
        current = status
        enrollment.status, enrollment.status_since = status, date
    enrollment.save(update_fields=["status", "status_since"])


def _person(sponsor, employer, role, email, full_name, password_hash):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, full_name=full_name, password=password_hash)
    membership, _created = Membership.objects.get_or_create(
        user=user, sponsor=sponsor, defaults={"role": role, "employer": employer}
    )
    return membership


# (label, months since start, hours fraction, skills fraction, path) — path steps are (status, months ago).
STAGES = (
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
        mentor = _person(sponsor, employer, Role.MENTOR, email, full_name, password_hash)
        employer_admin = Membership.objects.filter(employer=employer, role=Role.EMPLOYER_ADMIN).first()
        by = (employer_admin or admin).user
        stages = STAGES[::step]
        for index, (label, months, hours_fraction, skills_fraction, path) in enumerate(stages):
            name = next(names)
            local = name.lower().replace(" ", ".")
            apprentice = _person(sponsor, employer, Role.APPRENTICE, f"{local}@{sponsor.slug}.example", name,
                                 password_hash)
            start = months_ago(today, months)
            enrollment = _enroll(history, apprentice=apprentice, program=program, employer=employer, book=book,
                                 mentor=mentor, start=start, by=by)
            stop = None
            steps = [(status, months_ago(today, ago), "Probation completed" if status == S.ACTIVE else
                      "Medical leave" if status == S.SUSPENDED else "Left the company") for status, ago in path]
            for status, date, _reason in steps:
                if status in (S.SUSPENDED, S.CANCELLED):
                    stop = date - datetime.timedelta(days=1)
            _set_status(history, enrollment, by, steps)
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
    eligible = _person(sponsor, employer, Role.APPRENTICE, f"{name.lower().replace(' ', '.')}@{sponsor.slug}.example",
                       name, password_hash)
    start = months_ago(today, 19)
    enrollment = _enroll(history, apprentice=eligible, program=program, employer=employer, book=book, mentor=mentor,
                         start=start, by=by)
    _set_status(history, enrollment, by, [(S.ACTIVE, probation_end_for(program, start), "Probation completed")])
    history.add(enrollment, book, mentor, rng=rng, hours_fraction=1.0, skills_fraction=1.0, created_by=by)
    created += 1
    # The canonical demo apprentice: midway, with approved hours and a few days pending.
    demo = Membership.objects.filter(sponsor=sponsor, role=Role.APPRENTICE, user__email=f"apprentice@{sponsor.slug}"
                                     ".example").select_related("user").first()
    if demo is not None and demo.employer_id == employer.pk:
        start = months_ago(today, 9)
        enrollment = _enroll(history, apprentice=demo, program=program, employer=employer, book=book, mentor=mentor,
                             start=start, by=by)
        _set_status(history, enrollment, by, [(S.ACTIVE, probation_end_for(program, start), "Probation completed")])
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


# --- The load-test data set -------------------------------------------------------------------

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
        _person(sponsor, employer, Role.EMPLOYER_ADMIN, f"load-employer-{number:02d}@{sponsor.slug}.example",
                f"Load Employer Admin {number:02d}", password_hash)
        mentors = [
            _person(sponsor, employer, Role.MENTOR, f"load-mentor-{number:02d}-{m:02d}@{sponsor.slug}.example",
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
                       program=program, employer=employer, job_book_version=book.version, start_date=start,
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
