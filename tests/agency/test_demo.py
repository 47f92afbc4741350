"""The agency's demo: one keystone record failing validation with a fix link, changes due and one overdue."""

import pytest
from django.urls import reverse
from django_scopes import scope

from agency.demo import incomplete_enrollment
from agency.models import AgencyExport
from imt.permissions import Role

pytestmark = pytest.mark.django_db


def test_keystones_demo_has_a_failing_record_and_changes_due_and_overdue(demo_world, client_for):
    client = client_for(demo_world.user("keystone", Role.SPONSOR_ADMIN))
    with scope(sponsor=demo_world.a):
        incomplete = incomplete_enrollment(demo_world.a)
        assert AgencyExport.objects.filter(sponsor=demo_world.a).count() == 1

    page = client.get(reverse("rapids_export", args=["keystone"]))
    problems = {(row.enrollment.pk, problem.field, problem.url) for row, problem in page.context["problems"]}
    demographics = reverse("demographics", args=["keystone", incomplete.pk])
    assert problems == {(incomplete.pk, "date_of_birth", demographics), (incomplete.pk, "address", demographics)}

    compliance = client.get(reverse("compliance", args=["keystone"]))
    (section,) = [s for s in compliance.context["sections"] if s.key == "agency"]
    assert section.overdue >= 1 and section.count > section.overdue
    assert any(r.change.during_probation and r.overdue for r in section.rows)


def test_another_sponsors_employer_sees_none_of_it(demo_world, client_for):
    client = client_for(demo_world.user("lakeshore", Role.EMPLOYER_ADMIN))
    assert client.get(reverse("compliance", args=["keystone"])).status_code == 404
    assert client.get(reverse("rapids_export", args=["lakeshore"])).status_code == 403
    response = client.get(reverse("compliance", args=["lakeshore"]))
    (section,) = [s for s in response.context["sections"] if s.key == "agency"]
    assert {r.change.enrollment.sponsor_id for r in section.rows} <= {demo_world.b.pk}
