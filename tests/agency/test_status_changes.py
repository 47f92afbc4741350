"""Suspension, reinstatement, cancellation and transfer: dated, reasoned, coded, signed, and due to the agency."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices import services
from apprentices.models import Enrollment, StatusChange
from apprentices.models.status_reasons import CancellationReason, reason_label
from programs.models import Sponsor
from tests.apprentices.conftest import days_ago
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def change(make, enrollment, to, days, code="", **extra):
    with scope(sponsor=make.sponsor):
        services.enrollment_change_status(
            enrollment=enrollment, to_status=to, effective_date=days_ago(days), reason="Because",
            by=make.sponsor_admin.user, reason_code=code, password_confirmed_at=timezone.now(), **extra)
        return enrollment.status_changes.order_by("pk").last()


def test_a_cancellation_needs_the_agencys_reason_code_and_is_marked_during_probation(make, enroll):
    enrollment = enroll(start=days_ago(40))
    with pytest.raises(ValidationError) as error:
        change(make, enrollment, S.CANCELLED, 5)
    assert "reason the agency" in " ".join(error.value.message_dict["reason_code"])
    with pytest.raises(ValidationError):
        change(make, enrollment, S.CANCELLED, 5, code="S1")  # a suspension's code

    cancelled = change(make, enrollment, S.CANCELLED, 5, code=CancellationReason.LAID_OFF)

    assert (cancelled.to_status, cancelled.reason_code, cancelled.during_probation) == (S.CANCELLED, "03", True)
    assert cancelled.reason_code_label == reason_label("03") == "Laid off (lack of work)"
    assert cancelled.signature.signer == make.sponsor_admin.user and cancelled.signature.verify()
    assert cancelled.signature.content["reason_code"] == "03"


def test_a_cancellation_after_probation_is_not_marked(make, enroll):
    enrollment = enroll(start=days_ago(200))
    change(make, enrollment, S.ACTIVE, 60)
    assert change(make, enrollment, S.CANCELLED, 5, code="01").during_probation is False


def test_suspension_and_reinstatement_are_each_dated_reasoned_and_signed(make, enroll):
    enrollment = enroll(start=days_ago(200))
    change(make, enrollment, S.ACTIVE, 60)
    suspended = change(make, enrollment, S.SUSPENDED, 20, code="S2")
    reinstated = change(make, enrollment, S.ACTIVE, 3)
    assert [(c.from_status, c.to_status, c.effective_date, c.reason_code) for c in (suspended, reinstated)] == [
        (S.ACTIVE, S.SUSPENDED, days_ago(20), "S2"), (S.SUSPENDED, S.ACTIVE, days_ago(3), "")]
    assert suspended.signature_id and reinstated.signature_id and suspended.signature_id != reinstated.signature_id
    with pytest.raises(ValidationError):
        change(make, enrollment, S.SUSPENDED, 1, code="01")  # a cancellation's code


def test_a_stale_password_confirmation_is_refused(make, enroll):
    enrollment = enroll()
    with pytest.raises(ValidationError) as error:
        with scope(sponsor=make.sponsor):
            services.enrollment_change_status(
                enrollment=enrollment, to_status=S.ACTIVE, effective_date=days_ago(1), reason="Passed",
                by=make.sponsor_admin.user, password_confirmed_at=timezone.now() - datetime.timedelta(hours=1))
    assert "password" in error.value.message_dict


def test_a_transfer_is_signed(make, enroll):
    enrollment = enroll()
    mentor = make.mentor_member(employer=make.allegheny)
    with scope(sponsor=make.sponsor):
        services.enrollment_transfer(enrollment=enrollment, employer=make.allegheny, effective_date=days_ago(1),
                                     reason="Moved plants", by=make.sponsor_admin.user, mentors=[mentor],
                                     password_confirmed_at=timezone.now())
        transfer = enrollment.status_changes.get(kind=StatusChange.Kind.TRANSFER)
    assert transfer.signature.content["to_employer"] == str(make.allegheny.pk)


def test_the_status_page_asks_for_the_code_and_the_password(make, enroll, client_for):
    enrollment = enroll(start=days_ago(40))
    client = client_for(make.sponsor_admin.user)
    url = reverse("enrollment_status", args=["keystone", enrollment.pk])
    form = {"to_status": "cancelled", "effective_date": days_ago(0).isoformat(), "reason": "Left"}

    refused = client.post(url, {**form, "password": "wrong"})
    assert "not right" in " ".join(refused.context["form"].errors["password"])
    missing = client.post(url, {**form, "password": PASSWORD})
    assert "reason the agency" in " ".join(missing.context["form"].errors["reason_code"])
    client.post(url, {**form, "reason_code": "02"})  # the password was confirmed a moment ago

    with scope(sponsor=make.sponsor):
        last = enrollment.status_changes.order_by("pk").last()
    assert (last.to_status, last.reason_code, last.during_probation) == (S.CANCELLED, "02", True)
    page = client.get(reverse("enrollment_detail", args=["keystone", enrollment.pk])).content.decode()
    assert "Discharged or released by the employer" in page and "During probation" in page


def test_each_reportable_change_is_due_after_the_agencys_days_and_overdue_after(make, enroll, client_for):
    enrollment = enroll(start=days_ago(100))
    change(make, enrollment, S.ACTIVE, 50)
    change(make, enrollment, S.SUSPENDED, 10, code="S1")
    client = client_for(make.sponsor_admin.user)

    def agency_rows():
        response = client.get(reverse("compliance", args=["keystone"]))
        (section,) = [s for s in response.context["sections"] if s.key == "agency"]
        return section, {(r.change.kind, r.change.to_status): r for r in section.rows
                         if r.change.enrollment_id == enrollment.pk}

    section, rows = agency_rows()
    assert set(rows) == {("enrolled", S.PROBATION), ("status", S.ACTIVE), ("status", S.SUSPENDED)}
    assert rows[("enrolled", S.PROBATION)].due == days_ago(100 - 45)
    assert rows[("enrolled", S.PROBATION)].overdue and rows[("status", S.ACTIVE)].overdue
    assert not rows[("status", S.SUSPENDED)].overdue and rows[("status", S.SUSPENDED)].due == days_ago(10 - 45)
    assert section.overdue >= 2

    with scopes_disabled():
        Sponsor.objects.filter(pk=make.sponsor.pk).update(agency_report_days=90)
    _section, rows = agency_rows()
    assert rows[("enrolled", S.PROBATION)].overdue and not rows[("status", S.ACTIVE)].overdue


def test_an_employer_admin_sees_only_their_employers_changes(make, enroll, client_for):
    penn = enroll(name="Dana Reyes")
    allegheny = enroll(name="Eli Brooks", employer=make.allegheny)
    response = client_for(make.employer_admin.user).get(reverse("compliance", args=["keystone"]))
    (section,) = [s for s in response.context["sections"] if s.key == "agency"]
    shown = {r.change.enrollment_id for r in section.rows}
    assert penn.pk in shown and allegheny.pk not in shown
