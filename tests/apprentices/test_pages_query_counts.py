"""The busiest pages run the same number of queries with 5 and with 50 apprentices or entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from apprentices.models import OJTEntry
from imt.permissions import Role
from programs.models import Employer
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_apprentice_dashboard_runs_as_many_queries_with_50_entries_as_with_5(make, client_for):
    member = make.apprentice()
    enrollment = make.enrollment(apprentice=member)
    client, url = client_for(member.user), reverse("dashboard", args=["keystone"])

    def add(n, start):
        for i in range(start, start + n):
            status = OJTEntry.Status.APPROVED if i % 2 else OJTEntry.Status.PENDING
            make.entry(enrollment, hours="1", date=days_ago(i % 180 + 1), status=status,
                       competency=make.competency(index=i % 5))

    add(5, 0)
    client.get(url)  # warm the session and caches
    few = queries_for(client, url)
    add(45, 5)
    assert queries_for(client, url) == few


def test_the_mentor_queue_and_dashboard_run_as_many_queries_with_50_apprentices_as_with_5(make, client_for):
    mentor = make.mentor_member()
    client = client_for(mentor.user)
    queue, dashboard = reverse("mentor_queue", args=["keystone"]), reverse("dashboard", args=["keystone"])

    def add(n):
        for _ in range(n):
            enrollment = make.enrollment(apprentice=make.apprentice(), mentor=mentor)
            make.entry(enrollment, hours="2", date=days_ago(3))
            make.entry(enrollment, hours="3", date=days_ago(1), status=OJTEntry.Status.APPROVED)

    add(5)
    client.get(queue)
    few = (queries_for(client, queue), queries_for(client, dashboard))
    add(45)
    assert (queries_for(client, queue), queries_for(client, dashboard)) == few


def test_the_roster_runs_as_many_queries_with_50_apprentices_as_with_5(make, client_for):
    with scopes_disabled():
        employer = Employer.objects.create(sponsor=make.sponsor, name="Query Count Castings")
    admin = make.member(Role.EMPLOYER_ADMIN, employer=employer)
    mentor = make.member(Role.MENTOR, employer=employer)
    client = client_for(admin.user)
    roster = reverse("roster", args=["keystone"])

    def add(n):
        for _ in range(n):
            enrollment = make.enrollment(apprentice=make.apprentice(employer=employer), mentor=mentor)
            make.entry(enrollment, hours="4", date=days_ago(2), status=OJTEntry.Status.APPROVED)

    add(5)
    client.get(roster)
    few = queries_for(client, roster), queries_for(client, roster + "?sort=-progress&stale=on")
    add(45)
    assert (queries_for(client, roster), queries_for(client, roster + "?sort=-progress&stale=on")) == few
    assert len(client.get(roster).context["page"].object_list) == 25
