"""Decided records cannot be rewritten in SQL, on SQLite and on PostgreSQL: no UPDATE, no DELETE, no SQLite
REPLACE, no PostgreSQL TRUNCATE (imt/protected.py).  A finding of the security review: raw UPDATE and
DELETE used to be accepted on all of these."""

import datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from apprentices import services as apprentice_services
from apprentices.services import sign
from completion.models import Certificate, Recommendation, ReviewDecision
from imt.permissions import Role
from jobbook.models import Competency, JobBookVersion, Skill
from rti import services as rti_services
from rti.demo import demo_pdf
from rti.models import Course, ResultChange, SectionEnrollment
from tests.db import refused
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db




def apprentice_enrollment(world):
    from tests.imt.test_access_registry import _apprentice_enrollment

    return _apprentice_enrollment(world)


@pytest.fixture
def decided(world):
    """One decided record of each kind the review found unprotected, as {table: id}."""
    with scopes_disabled():
        enrollment = apprentice_enrollment(world)
        employer_admin = world.user("keystone", Role.EMPLOYER_ADMIN)
        reviewer = world.user("keystone", Role.SPONSOR_REVIEWER)
        recommendation = Recommendation.objects.create(
            sponsor=world.a, enrollment=enrollment, recommended_by=employer_admin,
            signature=sign(sponsor=world.a, signer=employer_admin, meaning=Recommendation.ATTESTATION,
                           content={"enrollment": enrollment.pk}, password_confirmed_at=timezone.now()),
        )
        decision = ReviewDecision.objects.create(
            sponsor=world.a, recommendation=recommendation, decision=ReviewDecision.Decision.RETURN,
            comment="Attach the card", decided_by=reviewer,
            signature=sign(sponsor=world.a, signer=reviewer, meaning="return", content={"r": recommendation.pk},
                           password_confirmed_at=timezone.now()),
        )
        recommendation.status = Recommendation.Status.RETURNED
        recommendation.save(update_fields=["status"])
        certificate = Certificate(sponsor=world.a, enrollment=enrollment, number="IMT-GUARD-1",
                                  completed_on=timezone.localdate(), issued_at=timezone.now())
        certificate.file.save("guard.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        standing = apprentice_services.advanced_standing_request(
            enrollment=enrollment, by=employer_admin, basis="course", description="Blueprint reading",
            evidence=ContentFile(pdf_bytes(), name="transcript.pdf"),
            hours={enrollment.job_book_version.competencies.order_by("position").first(): "8"},
        )
        apprentice_services.advanced_standing_decide(standing=standing, by=world.member("keystone", Role.SPONSOR_ADMIN),
                                                     approve=True, note="Transcript checked")
        apprentice = world.member("keystone", Role.APPRENTICE)
        credit = rti_services.credit_request(
            apprentice=apprentice, course=Course.objects.get(sponsor=world.a, name="Digital Literacy"),
            institution="HACC", taken_title="Computer Basics", completed_on=datetime.date(2020, 5, 1), hours=8,
            evidence=demo_pdf("transcript.pdf"), by=apprentice,
        )
        rti_services.credit_decide(credit=credit, approve=True,
                                  by=world.member("keystone", Role.SPONSOR_REVIEWER))
        version = JobBookVersion.objects.filter(sponsor=world.a, status="published").order_by("pk").first()
        competency = Competency.objects.filter(version=version).order_by("position").first()
        skill = Skill.objects.filter(competency=competency).order_by("position").first()
        return {
            "completion_recommendation": recommendation.pk,
            "completion_reviewdecision": decision.pk,
            "completion_certificate": certificate.pk,
            "apprentices_advancedstanding": standing.pk,
            "apprentices_creditedhours": standing.hours.get().pk,
            "rti_priorcoursecredit": credit.pk,
            "jobbook_jobbookversion": version.pk,
            "jobbook_competency": competency.pk,
            "jobbook_skill": skill.pk,
            "rti_sectionenrollment": SectionEnrollment.objects.filter(sponsor=world.a, recorded_at__isnull=False)
            .order_by("pk").first().pk,
            "rti_resultchange": ResultChange.objects.filter(sponsor=world.a).order_by("pk").first().pk,
        }


# A column of each table that a forger would like to change, and the value they would give it.
FORGERIES = {
    "completion_recommendation": ("status", "'approved'"),
    "completion_reviewdecision": ("decision", "'approve'"),
    "completion_certificate": ("completed_on", "'2020-01-01'"),
    "apprentices_advancedstanding": ("decision_note", "'rewritten'"),
    "apprentices_creditedhours": ("hours", "2000"),
    "rti_priorcoursecredit": ("credited_hours", "400"),
    "jobbook_jobbookversion": ("note", "'rewritten'"),
    "jobbook_competency": ("target_hours", "1"),
    "jobbook_skill": ("name", "'rewritten'"),
    "rti_sectionenrollment": ("attended_hours", "99999.9"),
    "rti_resultchange": ("reason", "'rewritten'"),
}


@pytest.mark.parametrize("table", list(FORGERIES))
def test_a_decided_record_refuses_update_and_delete(decided, table):
    column, value = FORGERIES[table]
    row = decided[table]
    assert refused(f"UPDATE {table} SET {column} = {value} WHERE id = %s", row), f"UPDATE of {table}"
    assert refused(f"DELETE FROM {table} WHERE id = %s", row), f"DELETE of {table}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE id = %s AND {column} = {value}", [row])
        assert cursor.fetchone()[0] == 0


# Each database's own way around row triggers: SQLite's REPLACE, PostgreSQL's TRUNCATE.  CI runs the suite
# on both, so each test runs where it applies (and is not collected, rather than skipped, elsewhere).
ON_POSTGRESQL = bool(settings.DATABASE_URL)
ALL_TABLES = ["apprentices_signature", "apprentices_ojtentry", *FORGERIES]


if ON_POSTGRESQL:
    @pytest.mark.parametrize("table", ALL_TABLES)
    def test_postgresql_truncate_cannot_empty_a_protected_table(decided, table):
        assert refused(f"TRUNCATE {table} CASCADE"), table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone()[0] > 0
else:
    @pytest.mark.parametrize("table", ALL_TABLES)
    def test_sqlite_replace_cannot_rewrite_a_decided_record(decided, world, table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {table}")
            row = decided.get(table) or cursor.fetchone()[0]
            if table == "apprentices_ojtentry":
                cursor.execute("SELECT max(id) FROM apprentices_ojtentry WHERE status = 'approved'")
                row = cursor.fetchone()[0]
        assert refused(f"INSERT OR REPLACE INTO {table} SELECT * FROM {table} WHERE id = %s", row), table


def test_a_result_changes_only_with_its_history_line(world):
    """Raw SQL that rewrites a seat's result is refused; the service, which writes the history line first,
    corrects it; a copy of an older line does not pass for the newest."""
    with scopes_disabled():
        seat = SectionEnrollment.objects.filter(sponsor=world.a, recorded_at__isnull=False).order_by("pk").first()
        assert refused("UPDATE rti_sectionenrollment SET grade = 'a' WHERE id = %s", seat.pk)
        assert refused("UPDATE rti_sectionenrollment SET recorded_at = NULL, attended_hours = NULL WHERE id = %s",
                       seat.pk)
        assert refused("INSERT INTO rti_sectionenrollment (sponsor_id, section_id, apprentice_id, enrolled_at, "
                       "enrolled_by_id, attended_hours, grade, hours_reason) SELECT sponsor_id, section_id, "
                       "apprentice_id, enrolled_at, enrolled_by_id, 40, 'a', '' FROM rti_sectionenrollment "
                       "WHERE id = %s", seat.pk)
        rti_services.result_write(enrollment=seat, by=seat.recorded_by, reason="Make-up test", values={
            "attended_hours": seat.attended_hours, "grade": "b", "completed_on": seat.completed_on,
            "hours_reason": "",
        })
        seat.refresh_from_db()
        assert seat.grade == "b" and seat.changes.order_by("-pk").first().grade == "b"


def test_pending_records_still_change_through_the_services(world):
    """The guards stop at the decision: a pending request is still edited and decided."""
    with scopes_disabled():
        enrollment = apprentice_enrollment(world)
        standing = apprentice_services.advanced_standing_request(
            enrollment=enrollment, by=world.user("keystone", Role.EMPLOYER_ADMIN), basis="experience",
            description="Ten years on presses", evidence=ContentFile(pdf_bytes(), name="letter.pdf"),
            hours={enrollment.job_book_version.competencies.order_by("position").first(): "4"},
        )
        assert not refused("UPDATE apprentices_creditedhours SET hours = 5 WHERE standing_id = %s", standing.pk)
        apprentice_services.advanced_standing_decide(standing=standing, by=world.member("keystone", Role.SPONSOR_ADMIN),
                                                     approve=False, note="Not documented")
        standing.refresh_from_db()
        assert standing.status == "rejected"
