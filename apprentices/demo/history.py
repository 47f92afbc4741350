"""Writing a demo apprentice's history in bulk: the enrollment, its status changes, mentor assignment,
hours on working days (approved weekly, signed) and skill sign-offs, following the services' rules."""

import datetime
from decimal import Decimal

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
from jobbook.models import Competency, Skill
from programs.models import Membership
from programs.services import current_standards

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
                 decided_by, decided_at, "", signature.pk if signature else None, OJTEntry.Source.APPRENTICE, "")
                for enrollment, day, competency, hours, status, signature, decided_by, decided_at, created_by
                in self.entries]
        if connection.vendor == "postgresql":
            columns = ("sponsor_id, enrollment_id, date, competency_id, hours, note, status, correction_reason, "
                       "created_by_id, created_at, updated_at, decided_by_id, decided_at, decision_reason, "
                       "signature_id, source, source_ref")
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
            # The demo's cancellations: "left the company", the agency's "voluntarily quit".
            reason_code="01" if to_status == "cancelled" else "",
            during_probation=from_status == "probation" and to_status == "cancelled",
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


def enroll(history, *, apprentice, program, employer, book, mentor, start, by):
    enrollment = Enrollment.objects.create(
        sponsor=history.sponsor, apprentice=apprentice, full_name=apprentice.user.full_name,
        email=apprentice.user.email, program=program, employer=employer, job_book_version=book.version,
        standards_version=current_standards(program), start_date=start,
        probation_end=probation_end_for(program, start), status=S.PROBATION, status_since=start,
        created_by=by,
    )
    history.change(enrollment, by, start, "", S.PROBATION, "Enrolled", kind=StatusChange.Kind.ENROLLED)
    history.assignments.append(MentorAssignment(sponsor=history.sponsor, enrollment=enrollment, mentor=mentor,
                                                start_date=start, created_by=by))
    return enrollment


def set_status(history, enrollment, by, path):
    """Walk `path` [(status, date, reason)] from probation, recording each step."""
    current = enrollment.status
    for status, date, reason in path:
        history.change(enrollment, by, date, current, status, reason)
        current = status
        enrollment.status, enrollment.status_since = status, date
    enrollment.save(update_fields=["status", "status_since"])


def person(sponsor, employer, role, email, full_name, password_hash):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, full_name=full_name, password=password_hash)
    membership, _created = Membership.objects.get_or_create(
        user=user, sponsor=sponsor, defaults={"role": role, "employer": employer}
    )
    return membership
