"""Probation outcomes (passed, extended within the legal maximum, cancelled during probation) and the
listing of probations ending within 14 days or overdue."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment, StatusChange
from compliance import selectors, services
from compliance.models import ProbationOutcome
from imt.dates import add_months
from imt.permissions import Role
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


def on_probation(make, ends_in_days, start_days_ago=60):
    enrollment = make.enrollment(start=days_ago(start_days_ago), status=Enrollment.Status.PROBATION)
    with scopes_disabled():
        Enrollment.objects.filter(pk=enrollment.pk).update(
            probation_end=timezone.localdate() + datetime.timedelta(days=ends_in_days))
        enrollment.refresh_from_db()
    return enrollment


def record(make, enrollment, outcome, **extra):
    return services.probation_outcome_record(
        enrollment=enrollment, by=make.employer_admin, outcome=outcome, reason="Reviewed with the mentor",
        password_confirmed_at=timezone.now(), **extra)


def test_passed_makes_the_apprenticeship_active_and_records_a_signed_outcome(make, in_keystone):
    enrollment = on_probation(make, 0)
    outcome = record(make, enrollment, "passed")
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert outcome.status_change.to_status == "active" and outcome.signature.verify()
    with pytest.raises(ValidationError, match="not on probation"):
        record(make, enrollment, "passed")


def test_extended_moves_the_end_within_the_legal_maximum_and_no_further(make, in_keystone):
    enrollment = on_probation(make, 5, start_days_ago=60)
    # 18-month term: 25% is four and a half months, less than a year.
    term_end = add_months(enrollment.start_date, enrollment.standards_version.term_months)
    limit = enrollment.start_date + datetime.timedelta(days=(term_end - enrollment.start_date).days // 4)
    assert selectors.probation_limit(enrollment) == limit
    with pytest.raises(ValidationError) as over:
        record(make, enrollment, "extended", new_end=limit + datetime.timedelta(days=1))
    assert "new_end" in over.value.message_dict and limit.isoformat() in over.value.message_dict["new_end"][0]
    previous = enrollment.probation_end
    outcome = record(make, enrollment, "extended", new_end=limit)
    enrollment.refresh_from_db()
    assert (enrollment.probation_end, enrollment.status) == (limit, Enrollment.Status.PROBATION)
    assert (outcome.previous_end, outcome.new_end) == (previous, limit)


def test_a_one_year_cap_applies_to_long_terms(make, in_keystone):
    enrollment = on_probation(make, 5)
    enrollment.standards_version.term_months = 60  # a five-year term (in memory: versions are frozen)
    assert selectors.probation_limit(enrollment) == add_months(enrollment.start_date, 12)


def test_cancelled_cancels_the_apprenticeship_marked_as_during_probation(make, in_keystone):
    enrollment = on_probation(make, 3)
    with pytest.raises(ValidationError):  # the agency is told why: a reason code is required
        record(make, enrollment, "cancelled")
    outcome = record(make, enrollment, "cancelled", reason_code="04")
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.CANCELLED
    change = StatusChange.objects.get(pk=outcome.status_change_id)
    assert (change.from_status, change.to_status) == ("probation", "cancelled")
    assert outcome.get_outcome_display() == "Cancelled during probation"


def test_only_the_employer_admin_of_that_employer_or_the_sponsor_admin_records_it(make, in_keystone):
    from django.core.exceptions import PermissionDenied

    enrollment = on_probation(make, 3)
    with scopes_disabled():
        from programs.models import Employer
        allegheny = Employer.objects.get(sponsor=make.sponsor, name="Allegheny Metal Works")
    for member in (make.member(Role.EMPLOYER_ADMIN, employer=allegheny), make.mentor, make.reviewer):
        with pytest.raises(PermissionDenied):
            services.probation_outcome_record(enrollment=enrollment, by=member, outcome="passed", reason="x",
                                              password_confirmed_at=timezone.now())
    record(make, enrollment, "extended", new_end=enrollment.probation_end + datetime.timedelta(days=7))
    services.probation_outcome_record(enrollment=enrollment, by=make.sponsor_admin, outcome="passed", reason="ok",
                                      password_confirmed_at=timezone.now())


def test_the_due_and_overdue_probations_are_listed_on_the_compliance_page_and_the_dashboard(make, client_for):
    soon, overdue, later = on_probation(make, 10), on_probation(make, -5), on_probation(make, 30)
    passed = on_probation(make, -3)
    with scope(sponsor=make.sponsor):
        record(make, passed, "passed")
        due = list(selectors.probations_due(make.sponsor_admin))
    mine = {soon.pk, overdue.pk, later.pk, passed.pk}  # (the world's apprentice is overdue too)
    assert [e.pk for e in due if e.pk in mine] == [overdue.pk, soon.pk]
    client = client_for(make.employer_admin.user)
    (section,) = [s for s in client.get(reverse("compliance", args=["keystone"])).context["sections"]
                  if s.key == "probation"]
    assert [e.pk for e in section.rows if e.pk in mine] == [overdue.pk, soon.pk]
    assert section.overdue == len([e for e in section.rows if e.probation_end < timezone.localdate()])
    dashboard = client.get(reverse("dashboard", args=["keystone"]))
    assert dashboard.context["probations_overdue_count"] == section.overdue
    assert reverse("probation_outcome", args=["keystone", overdue.pk]) in dashboard.content.decode()
    assert later.pk not in {e.pk for e in dashboard.context["probations_due"]}


def test_the_outcome_page_signs_with_the_password(make, client_for):
    enrollment = on_probation(make, 2)
    client = client_for(make.employer_admin.user)
    url = reverse("probation_outcome", args=["keystone", enrollment.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"outcome": "passed", "reason": "Good work", "password": "nope"})
    assert wrong.status_code == 200 and "password" in wrong.context["form"].errors
    done = client.post(url, {"outcome": "passed", "reason": "Good work", "password": "demo-pass-2026",
                             "effective_date": timezone.localdate().isoformat()})
    assert done.status_code == 302
    with scopes_disabled():
        assert ProbationOutcome.objects.get(enrollment=enrollment).outcome == "passed"
