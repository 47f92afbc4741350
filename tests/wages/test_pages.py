"""The wage page, the decision page, the dashboards' panel and the compliance section; the database
guards of raises and decisions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from apprentices.models import OJTEntry
from imt.permissions import Role
from tests.db import refused
from wages import services
from wages.models import RaiseDue, WageDecision

from .conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(make):
    """An apprentice of Penn Precision Plastics, 200 days in: the 3-month step was reached long ago and the
    16-hour step today."""
    enrollment = make.enrollment(start=days_ago(200))
    make.entry(enrollment, hours="16", date=days_ago(6), status=OJTEntry.Status.APPROVED)
    with scope(sponsor=make.sponsor):
        services.raises_detect(enrollment)
    return enrollment


def test_overdue_raises_show_on_the_dashboards_and_the_compliance_page(make, overdue, world, client_for):
    name = overdue.full_name
    for role in (Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER):
        client = client_for(world.user("keystone", role))
        dashboard = client.get(reverse("dashboard", args=[world.a.slug])).content.decode()
        assert "2 raises due" in dashboard and "1 overdue" in dashboard and name in dashboard, role
        page = client.get(reverse("compliance", args=[world.a.slug])).content.decode()
        assert 'id="raises"' in page and name in page and "Overdue" in page, role
        assert reverse("wage_decide", args=[world.a.slug, overdue.pk]) in page
    for role in (Role.MENTOR, Role.APPRENTICE):
        assert "raises due" not in client_for(world.user("keystone", role)).get(
            reverse("dashboard", args=[world.a.slug])).content.decode()
    # Another employer's admin, and every member of the other sponsor, see none of it.
    other = client_for(make.member(Role.EMPLOYER_ADMIN, make.allegheny).user)
    assert name not in other.get(reverse("compliance", args=[world.a.slug])).content.decode()
    for role in (Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN):
        lakeshore = client_for(world.user("lakeshore", role))
        assert name not in lakeshore.get(reverse("compliance", args=[world.b.slug])).content.decode()
        assert name not in lakeshore.get(reverse("dashboard", args=[world.b.slug])).content.decode()


def test_the_wage_page_shows_step_rate_trigger_and_pending(make, overdue, client_for):
    url = reverse("wage_page", args=[make.sponsor.slug, overdue.pk])
    for member in (overdue.apprentice, make.employer_admin, make.sponsor_admin):
        page = client_for(member.user).get(url).content.decode()
        assert "$15.90/h" in page and "16 / 16 h approved" in page and "Overdue" in page
    assert client_for(make.mentor.user).get(url).status_code == 403


def test_the_employer_admin_confirms_a_raise_with_password(make, overdue, client_for):
    with scope(sponsor=make.sponsor):
        due = RaiseDue.objects.get(enrollment=overdue, step=1)
    client = client_for(make.employer_admin.user)
    url = reverse("wage_decide", args=[make.sponsor.slug, overdue.pk])
    page = client.get(url + f"?raise={due.pk}")
    assert page.status_code == 200 and "Your password" in page.content.decode()
    wrong = client.post(url, {"raise_due": due.pk, "decision": "confirm", "effective_date": days_ago(1),
                              "password": "nope"})
    assert "That password is not right." in wrong.content.decode()
    response = client.post(url, {"raise_due": due.pk, "decision": "confirm", "effective_date": days_ago(1),
                                 "password": "demo-pass-2026"})
    assert response.status_code == 302
    with scope(sponsor=make.sponsor):
        decision = WageDecision.objects.get(raise_due=due)
        assert str(decision.hourly_rate) == "18.55" and decision.signature.password_confirmed_at is not None
    page = client.get(reverse("wage_page", args=[make.sponsor.slug, overdue.pk])).content.decode()
    assert "$18.55/h" in page and "Confirmed" in page


def test_declining_on_the_page_needs_a_reason(make, overdue, client_for):
    with scope(sponsor=make.sponsor):
        due = RaiseDue.objects.get(enrollment=overdue, step=2)
    client = client_for(make.employer_admin.user)
    url = reverse("wage_decide", args=[make.sponsor.slug, overdue.pk])
    page = client.post(url, {"raise_due": due.pk, "decision": "decline", "reason": ""})
    assert page.status_code == 200 and "Say why the raise is not granted" in page.content.decode()
    assert client.post(url, {"raise_due": due.pk, "decision": "decline", "reason": "Late"}).status_code == 302
    with scope(sponsor=make.sponsor):
        assert WageDecision.objects.get(raise_due=due).reason == "Late"
    # Sponsor staff open the page but cannot decide.
    staff = client_for(make.sponsor_admin.user)
    assert staff.get(url).status_code == 200
    assert staff.post(url, {"raise_due": due.pk, "decision": "decline", "reason": "x"}).status_code == 403




def test_raises_and_decisions_refuse_raw_update_and_delete(make, overdue):
    with scope(sponsor=make.sponsor):
        due = RaiseDue.objects.filter(enrollment=overdue).first()
        decision = services.raise_confirm(raise_due=due, by=make.employer_admin, effective_date=days_ago(1),
                                          confirmed_at=timezone.now())
    later = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    assert refused("UPDATE wages_raisedue SET reached_on = %s WHERE id = %s", later, due.pk)
    assert refused("DELETE FROM wages_raisedue WHERE id = %s", due.pk)
    assert refused("UPDATE wages_wagedecision SET hourly_rate = 99 WHERE id = %s", decision.pk)
    assert refused("UPDATE wages_wagedecision SET effective_date = %s WHERE id = %s", later, decision.pk)
    assert refused("DELETE FROM wages_wagedecision WHERE id = %s", decision.pk)


def test_the_apprentice_finds_their_wage_page_from_the_dashboard(make, world, client_for):
    from apprentices.models import Enrollment

    with scope(sponsor=make.sponsor):
        enrollment = Enrollment.objects.filter(apprentice=world.member("keystone", Role.APPRENTICE)).first()
    page = client_for(world.user("keystone", Role.APPRENTICE)).get(reverse("dashboard", args=[world.a.slug]))
    assert reverse("wage_page", args=[world.a.slug, enrollment.pk]) in page.content.decode()
