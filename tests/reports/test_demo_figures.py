"""On the demo data, every figure of the reports equals a count made here by hand from the rows."""

import collections
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from apprentices.models import Demographics, Enrollment, OJTEntry
from credentials.models import Credential
from imt.permissions import Role
from programs.models import Employer
from reports.selectors import first_month_shown
from reports.tables import suppress
from rti.models import SectionEnrollment
from tests.reports.helpers import csv_rows, rollup_table, status_figures, xlsx_rows

S = Enrollment.Status


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():  # the hand counts read the rows of the whole demo
        yield


def by_hand(enrollments):
    counts = collections.Counter()
    for e in enrollments:
        if e.status == S.CANCELLED:
            during = e.status_since <= e.probation_end
            counts["Cancelled during probation" if during else "Cancelled after probation"] += 1
        else:
            counts[e.get_status_display()] += 1
    counts["Total"] = len(enrollments)
    return {label: counts[label] for label in ("Active", "On probation", "Suspended", "Completed",
                                               "Cancelled during probation", "Cancelled after probation", "Total")}


def counting_entries(enrollments):
    ids = {e.pk for e in enrollments}
    entries = [e for e in OJTEntry.objects.all() if e.enrollment_id in ids]
    replaced = {e.corrects_id for e in OJTEntry.objects.filter(status=OJTEntry.Status.APPROVED) if e.corrects_id}
    return [e for e in entries if e.status == OJTEntry.Status.APPROVED and e.pk not in replaced], entries


@pytest.mark.parametrize("role", [Role.SPONSOR_ADMIN, Role.EMPLOYER_ADMIN])
def test_the_roll_up_equals_a_hand_count(role, demo_world, client_for):
    member = demo_world.member("keystone", role)
    client = client_for(member.user)
    everyone = list(Enrollment.objects.filter(sponsor=demo_world.a))
    if role == Role.EMPLOYER_ADMIN:
        everyone = [e for e in everyone if e.employer_id == member.employer_id]
        assert len(everyone) < Enrollment.objects.filter(sponsor=demo_world.a).count()
    statuses = status_figures(rollup_table(client, "keystone", "statuses"))
    assert statuses == by_hand(everyone)
    assert statuses["Active"] and statuses["Cancelled during probation"] + statuses["Cancelled after probation"]

    counted, logged = counting_entries(everyone)
    today = timezone.localdate()
    first = first_month_shown(today)
    monthly = rollup_table(client, "keystone", "monthly")
    month_keys = []
    month = first
    while month <= today:
        month_keys.append((month.year, month.month))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    approved_by_month = [sum((e.hours for e in counted if (e.date.year, e.date.month) == key and e.date <= today),
                             Decimal(0)) for key in month_keys]
    logged_by_month = [sum((e.hours for e in logged if (e.date.year, e.date.month) == key and e.date <= today
                            and e.status != OJTEntry.Status.WITHDRAWN), Decimal(0)) for key in month_keys]
    assert [row[2] for row in monthly.rows] == approved_by_month
    assert [row[1] for row in monthly.rows] == logged_by_month
    assert sum(approved_by_month) > 0

    by_competency = collections.defaultdict(Decimal)
    for entry in counted:
        by_competency[entry.competency.name] += entry.hours
    competencies = rollup_table(client, "keystone", "competencies")
    assert {row[0]: row[2] for row in competencies.rows} == dict(by_competency)

    apprentices = {e.apprentice_id for e in everyone if e.apprentice_id}
    rti = collections.defaultdict(Decimal)
    for seat in SectionEnrollment.objects.select_related("section__course"):
        if seat.apprentice_id in apprentices:
            rti[seat.section.course.name] += seat.attended_hours or 0
    rti_table = rollup_table(client, "keystone", "rti")
    assert {row[0]: row[3] for row in rti_table.rows if row[2] is not None} == dict(rti)

    horizon = today + datetime.timedelta(days=60)
    soon = [c for c in Credential.objects.filter(replaced_by__isnull=True)
            if c.apprentice_id in apprentices and c.expires_on and today <= c.expires_on <= horizon]
    credentials = rollup_table(client, "keystone", "credentials")
    assert sorted((row[0], row[3]) for row in credentials.rows) == sorted(
        (c.apprentice.user.full_name, c.expires_on) for c in soon)

    url = reverse("report_rollup_download", args=["keystone"])
    assert csv_rows(client.get(url, {"table": "statuses"}))[1:] == [[k, str(v)] for k, v in statuses.items()]
    assert xlsx_rows(client.get(url, {"table": "statuses", "format": "xlsx"}))[1:] == [
        [k, v] for k, v in statuses.items()]


def test_part_30_equals_a_hand_count_with_small_cells_suppressed(demo_world, client_for):
    client = client_for(demo_world.user("keystone", Role.SPONSOR_ADMIN))
    response = client.get(reverse("report_part30", args=["keystone"]))
    rows = {(row[0], row[1]): row[2:] for row in response.context["table"].rows}
    answers = {d.enrollment_id: d for d in Demographics.objects.all()}
    assert answers, "the demo has Part 30 answers (reports/demo.py)"

    def group(e):
        if e.status in (S.COMPLETED, S.CANCELLED):
            return e.status
        return "applicants" if e.apprentice_id is None else "enrolled"

    groups = ("applicants", "enrolled", S.COMPLETED, S.CANCELLED)
    sex = {value: collections.Counter() for value in ("female", "male", "prefer_not", "")}
    disability = {value: collections.Counter() for value in ("yes", "no", "prefer_not", "")}
    white = collections.Counter()
    for e in Enrollment.objects.filter(sponsor=demo_world.a):
        d = answers.get(e.pk)
        sex[d.sex if d else ""][group(e)] += 1
        disability[d.disability if d else ""][group(e)] += 1
        white[group(e)] += bool(d and "white" in d.races)
    assert rows[("Sex", "Female")] == [suppress(sex["female"][g]) for g in groups]
    assert rows[("Sex", "Male")] == [suppress(sex["male"][g]) for g in groups]
    assert rows[("Sex", "Not answered")] == [suppress(sex[""][g]) for g in groups]
    assert rows[("Disability", "Yes, I have a disability (or previously had one)")] == [
        suppress(disability["yes"][g]) for g in groups]
    assert rows[("Race", "White")] == [suppress(white[g]) for g in groups]
    assert any(cell == "<5" for row in rows.values() for cell in row)


def test_an_employer_admin_sees_their_employer_and_another_sponsor_nothing(demo_world, client_for):
    penn_admin = demo_world.member("keystone", Role.EMPLOYER_ADMIN)
    penn = Enrollment.objects.filter(employer=penn_admin.employer).count()
    client = client_for(penn_admin.user)
    assert status_figures(rollup_table(client, "keystone", "statuses"))["Total"] == penn
    other = Employer.objects.filter(sponsor=demo_world.a).exclude(pk=penn_admin.employer_id).first()
    assert status_figures(rollup_table(client, "keystone", "statuses", employer=other.pk))["Total"] == penn
    assert client.get(reverse("report_part30", args=["keystone"])).status_code == 403
    for role in (Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN):
        outsider = client_for(demo_world.user("lakeshore", role))
        for name in ("report_rollup", "report_rollup_download", "report_part30", "report_part30_download"):
            assert outsider.get(reverse(name, args=["keystone"])).status_code == 404
