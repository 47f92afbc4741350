"""An apprenticeship is completed only by the sponsor's signed approval of a completion review: not from
the status form, not through a service, not by SQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_scopes import scope

from apprentices import services as apprentice_services
from apprentices.models import Enrollment, StatusChange
from completion import services
from completion.models import Certificate
from imt.permissions import Role
from tests.completion.factories import make_eligible

pytestmark = pytest.mark.django_db


def raw(sql, *params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def eligible(world):
    with scope(sponsor=world.a):
        return make_eligible(world)


@pytest.mark.parametrize("role", [Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN])
def test_the_status_form_cannot_complete_an_apprenticeship(world, client_for, eligible, role):
    admin = client_for(world.user("keystone", role))
    url = f"/keystone/apprentices/{eligible.pk}/status/"
    form = admin.get(url).content.decode()
    assert 'value="completed"' not in form
    response = admin.post(url, {"to_status": "completed", "effective_date": timezone.localdate().isoformat(),
                                "reason": "Done"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    eligible.refresh_from_db()
    assert eligible.status == Enrollment.Status.ACTIVE
    with scope(sponsor=world.a):
        assert not Certificate.objects.filter(enrollment=eligible).exists()


def test_the_status_service_refuses_completed_and_says_how_it_happens(world, eligible):
    with scope(sponsor=world.a), pytest.raises(ValidationError) as error:
        apprentice_services.enrollment_change_status(
            enrollment=eligible, to_status=Enrollment.Status.COMPLETED, effective_date=timezone.localdate(),
            reason="Done", by=world.user("keystone", Role.SPONSOR_ADMIN),
        )
    assert "only when the sponsor approves" in " ".join(error.value.message_dict["to_status"])


def test_without_an_approved_review_the_database_refuses_completion(world, eligible):
    with scope(sponsor=world.a), pytest.raises(DatabaseError):
        apprentice_services.enrollment_complete(
            enrollment=eligible, effective_date=timezone.localdate(), reason="Done",
            by=world.user("keystone", Role.SPONSOR_ADMIN),
        )
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_enrollment SET status = 'completed' WHERE id = %s", eligible.pk)
    with pytest.raises(DatabaseError):
        raw("INSERT INTO apprentices_statuschange (sponsor_id, enrollment_id, kind, effective_date, from_status, "
            "to_status, from_value, to_value, reason, by_id, created_at) "
            "SELECT sponsor_id, id, 'status', start_date, 'active', 'completed', '', '', 'x', created_by_id, "
            "start_date FROM apprentices_enrollment WHERE id = %s", eligible.pk)
    eligible.refresh_from_db()
    assert eligible.status == Enrollment.Status.ACTIVE


def test_the_sponsors_approval_completes_it_and_nothing_reopens_it(world, eligible,
                                                                   django_capture_on_commit_callbacks):
    with scope(sponsor=world.a):
        with django_capture_on_commit_callbacks(execute=True):
            recommendation = services.recommend(
                enrollment=eligible, by=world.member("keystone", Role.EMPLOYER_ADMIN), confirmed_at=timezone.now())
            services.review_approve(recommendation=recommendation, by=world.member("keystone", Role.SPONSOR_REVIEWER),
                                    confirmed_at=timezone.now())
        eligible.refresh_from_db()
        assert eligible.status == Enrollment.Status.COMPLETED
        (completed,) = StatusChange.objects.filter(enrollment=eligible, to_status="completed")
        # The completion line carries the sponsor's approval signature (reported to the agency as signed).
        assert completed.signature == recommendation.decision.signature
        with pytest.raises(ValidationError, match="can no longer change"):
            apprentice_services.enrollment_change_status(
                enrollment=eligible, to_status=Enrollment.Status.ACTIVE, effective_date=timezone.localdate(),
                reason="Oops", by=world.user("keystone", Role.SPONSOR_ADMIN),
            )
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_enrollment SET status = 'active' WHERE id = %s", eligible.pk)


def test_the_completed_list_refreshes_itself_until_the_certificate_is_issued(world, client_for, eligible):
    with scope(sponsor=world.a):
        certificate = Certificate.objects.create(sponsor=world.a, enrollment=eligible, number="IMT-TEST-1",
                                                 completed_on=timezone.localdate())
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    page = reviewer.get("/keystone/completion/completed/").content.decode()
    assert "being issued" in page and 'hx-trigger="every 3s"' in page
    with scope(sponsor=world.a):
        services.certificate_render(certificate.pk, render=lambda c: b"%PDF-1.7 test")
    page = reviewer.get("/keystone/completion/completed/").content.decode()
    assert "IMT-TEST-1 (PDF)" in page and 'hx-trigger="every 3s"' not in page
