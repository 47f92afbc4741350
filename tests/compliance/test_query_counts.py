"""The compliance page, with every section registered, runs as many queries with 50 apprentices as with 5."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from apprentices.models import Enrollment
from imt.permissions import Role
from programs.models import Employer
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.SPONSOR_ADMIN, Role.EMPLOYER_ADMIN])
def test_the_compliance_page_runs_as_many_queries_with_50_apprentices_as_with_5(make, standards, client_for, role):
    standards("refuse")
    with scopes_disabled():
        employer = Employer.objects.create(sponsor=make.sponsor, name="Query Count Castings")
    viewer = make.member(role, employer=employer) if role == Role.EMPLOYER_ADMIN else make.sponsor_admin
    mentors = [make.member(Role.MENTOR, employer=employer) for _ in range(2)]
    client, url = client_for(viewer.user), reverse("compliance", args=["keystone"])

    def add(n):
        for i in range(n):
            status = Enrollment.Status.PROBATION if i % 3 == 0 else Enrollment.Status.ACTIVE
            make.enrollment(apprentice=make.apprentice(employer=employer), mentor=mentors[i % 2], status=status,
                            start=days_ago(100 + i))

    add(5)
    client.get(url)
    few = queries_for(client, url)
    add(45)
    assert queries_for(client, url) == few
    keys = {s.key for s in client.get(url).context["sections"]}
    assert {"ratio", "probation"} <= keys
