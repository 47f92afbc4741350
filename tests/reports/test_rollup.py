"""The roll-up report: counts by status (cancellations in and after probation), completion figures,
hours by month and competency, RTI, expiring credentials; the viewer's scope; the downloads."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment, OJTEntry
from credentials.models import Credential, CredentialType
from imt.permissions import Role
from reports import selectors
from tests.apprentices.conftest import days_ago
from tests.reports.helpers import csv_rows, rollup_table, status_figures, xlsx_rows

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def set_status(enrollment, status, since):
    with scopes_disabled():
        Enrollment.objects.filter(pk=enrollment.pk).update(status=status, status_since=since)


def complete(make, enrollment, on):
    """Completed as the database allows it: after an approved completion review (rows, not the services)."""
    from completion.models import Recommendation, ReviewDecision

    with scope(sponsor=make.sponsor):
        recommendation = Recommendation.objects.create(
            sponsor=make.sponsor, enrollment=enrollment, recommended_by=make.employer_admin.user,
            signature=make.signature(make.employer_admin.user), status=Recommendation.Status.APPROVED)
        ReviewDecision.objects.create(sponsor=make.sponsor, recommendation=recommendation, decision="approve",
                                      decided_by=make.reviewer.user, signature=make.signature(make.reviewer.user))
    set_status(enrollment, S.COMPLETED, on)


def baseline(client):
    return status_figures(rollup_table(client, "keystone", "statuses"))


def test_counts_by_status_split_cancellations_at_the_end_of_probation(make, client_for):
    client = client_for(make.sponsor_admin.user)
    before = baseline(client)
    make.enrollment(status=S.ACTIVE)
    make.enrollment(status=S.PROBATION, start=days_ago(10))
    make.enrollment(status=S.SUSPENDED)
    during = make.enrollment(start=days_ago(300))  # probation ends 120 days after the start
    set_status(during, S.CANCELLED, during.probation_end)  # on the last day of probation: during
    after = make.enrollment(start=days_ago(300))
    set_status(after, S.CANCELLED, after.probation_end + datetime.timedelta(days=1))

    figures = baseline(client)
    added = {label: figures[label] - before[label] for label in figures}
    assert added == {"Active": 1, "On probation": 1, "Suspended": 1, "Completed": 0,
                     "Cancelled during probation": 1, "Cancelled after probation": 1, "Total": 5}


def test_completion_rate_and_median_months_to_completion(make, world):
    employer = make.penn
    with scope(sponsor=world.a):
        durations = [365, 730, 1461]  # about 12, 24 and 48 months
        for days in durations:
            enrollment = make.enrollment(start=days_ago(days + 10))
            complete(make, enrollment, days_ago(10))
        cancelled = make.enrollment(start=days_ago(400))
        set_status(cancelled, S.CANCELLED, days_ago(5))
        from programs.models import Membership
        admin = Membership.objects.get(pk=make.employer_admin.pk)
        enrollments = selectors.report_scope(admin)
        everyone = list(enrollments)
    completed = [e for e in everyone if e.status == S.COMPLETED]
    left = [e for e in everyone if e.status in (S.COMPLETED, S.CANCELLED)]
    with scope(sponsor=world.a):
        counts = selectors.status_counts(enrollments)
        assert selectors.completion_rate(counts) == (Decimal(100) * len(completed) / len(left)).quantize(Decimal("0.1"))
        assert selectors.median_months_to_completion(enrollments) == Decimal("24.0")
    assert all(e.employer_id == employer.pk for e in everyone)


def test_hours_by_month_and_competency_count_logged_and_approved_hours(make, client_for):
    client = client_for(make.sponsor_admin.user)
    monthly_before = {row[0]: (row[1], row[2]) for row in rollup_table(client, "keystone", "monthly").rows}
    enrollment = make.enrollment()
    today = datetime.date.today()
    make.entry(enrollment, hours="3", date=today, status=OJTEntry.Status.APPROVED, competency=make.competency(index=1))
    make.entry(enrollment, hours="2", date=today, status=OJTEntry.Status.PENDING)
    make.entry(enrollment, hours="1", date=today, status=OJTEntry.Status.WITHDRAWN)
    make.entry(enrollment, hours="7", date=today - datetime.timedelta(days=400), status=OJTEntry.Status.APPROVED)

    monthly = rollup_table(client, "keystone", "monthly")
    assert len(monthly.rows) == 12
    label, logged, approved = monthly.rows[-1]
    assert (logged - monthly_before[label][0], approved - monthly_before[label][1]) == (Decimal(5), Decimal(3))
    competencies = {row[0]: row[2] for row in rollup_table(client, "keystone", "competencies").rows}
    assert competencies[make.competency(index=1).name] >= Decimal(3)


def test_rti_and_expiring_credentials_of_the_apprentices_in_scope(make, world, client_for):
    apprentice = make.apprentice()
    make.enrollment(apprentice=apprentice)
    with scope(sponsor=world.a):
        kind = CredentialType.objects.filter(sponsor=world.a).first()
        Credential.objects.create(sponsor=world.a, apprentice=apprentice, credential_type=kind,
                                  earned_on=days_ago(300), expires_on=days_ago(-30), recorded_by=apprentice.user)
        Credential.objects.create(sponsor=world.a, apprentice=apprentice, credential_type=kind,
                                  earned_on=days_ago(300), expires_on=days_ago(-90), recorded_by=apprentice.user)
    table = rollup_table(client_for(make.sponsor_admin.user), "keystone", "credentials")
    mine = [row for row in table.rows if row[0] == apprentice.user.full_name]
    assert mine == [[apprentice.user.full_name, "Penn Precision Plastics", kind.name, days_ago(-30)]]
    assert rollup_table(client_for(make.sponsor_admin.user), "keystone", "rti").columns[0] == "Course"


def test_an_employer_admin_sees_only_their_employer(make, client_for):
    other = make.apprentice(employer=make.allegheny)
    make.enrollment(apprentice=other)
    admin = client_for(make.employer_admin.user)
    before = baseline(admin)
    make.enrollment(apprentice=make.apprentice(employer=make.allegheny))
    assert baseline(admin) == before  # Allegheny's apprentice is not counted for Penn's admin
    make.enrollment()
    assert baseline(admin)["Total"] == before["Total"] + 1
    with scopes_disabled():
        penn = Enrollment.objects.filter(sponsor=make.sponsor, employer=make.penn).count()
    assert before["Total"] + 1 == penn
    # An employer admin cannot widen the scope with the sponsor staff's employer filter.
    widened = status_figures(rollup_table(admin, "keystone", "statuses", employer=make.allegheny.pk))
    assert widened["Total"] == penn


def test_sponsor_staff_may_narrow_the_report_to_one_employer(make, client_for):
    make.enrollment(apprentice=make.apprentice(employer=make.allegheny))
    client = client_for(make.reviewer.user)
    with scopes_disabled():
        allegheny = Enrollment.objects.filter(employer=make.allegheny).count()
        everyone = Enrollment.objects.filter(sponsor=make.sponsor).count()
    narrowed = status_figures(rollup_table(client, "keystone", "statuses", employer=make.allegheny.pk))
    assert narrowed["Total"] == allegheny
    assert status_figures(rollup_table(client, "keystone", "statuses"))["Total"] == everyone
    assert client.get(reverse("report_rollup", args=["keystone"]), {"employer": 999999}).status_code == 404


def test_the_page_draws_an_accessible_svg_chart_beside_each_table(make, client_for):
    make.enrollment()
    response = client_for(make.sponsor_admin.user).get(reverse("report_rollup", args=["keystone"]))
    html = response.content.decode()
    assert html.count("<svg") >= 2 and 'role="img"' in html and "<title id=\"chart-statuses-title\">" in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


@pytest.mark.parametrize("key", ["statuses", "outcomes", "monthly", "competencies", "rti", "credentials"])
def test_each_table_downloads_as_csv_and_xlsx_with_the_page_figures(key, make, client_for):
    enrollment = make.enrollment()
    make.entry(enrollment, hours="4.5", date=days_ago(1), status=OJTEntry.Status.APPROVED)
    client = client_for(make.sponsor_admin.user)
    table = rollup_table(client, "keystone", key)
    url = reverse("report_rollup_download", args=["keystone"])
    from_csv = csv_rows(client.get(url, {"table": key, "format": "csv"}))
    from_xlsx = xlsx_rows(client.get(url, {"table": key, "format": "xlsx"}))
    assert from_csv[0] == table.columns == from_xlsx[0]
    assert len(from_csv) == len(from_xlsx) == len(table.rows) + 1
    for row, csv_row, xlsx_row in zip(table.rows, from_csv[1:], from_xlsx[1:], strict=True):
        for cell, csv_cell, xlsx_cell in zip(row, csv_row, xlsx_row, strict=True):
            if isinstance(cell, Decimal):
                assert Decimal(csv_cell) == cell and Decimal(str(xlsx_cell)) == cell
            elif isinstance(cell, datetime.date):
                assert csv_cell == cell.isoformat() and xlsx_cell.date() == cell
            elif cell is None:
                assert csv_cell == "" and xlsx_cell is None
            else:
                assert csv_cell == str(cell) and xlsx_cell == cell


def test_a_name_that_looks_like_a_formula_stays_text_in_both_files(make, world, client_for):
    apprentice = make.apprentice(name="=HYPERLINK(\"http://x\")")
    make.enrollment(apprentice=apprentice)
    with scope(sponsor=world.a):
        Credential.objects.create(sponsor=world.a, apprentice=apprentice,
                                  credential_type=CredentialType.objects.filter(sponsor=world.a).first(),
                                  earned_on=days_ago(30), expires_on=days_ago(-3), recorded_by=apprentice.user)
    client = client_for(make.sponsor_admin.user)
    url = reverse("report_rollup_download", args=["keystone"])
    assert ["'=HYPERLINK(\"http://x\")"] == [r[0] for r in csv_rows(client.get(url, {"table": "credentials"}))
                                            if "HYPERLINK" in r[0]]
    response = client.get(url, {"table": "credentials", "format": "xlsx"})
    import io

    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for c in sheet["A"] if c.value and "HYPERLINK" in c.value]
    assert [c.data_type for c in cells] == ["s"]


def test_roles_other_than_staff_and_employer_admins_are_refused(world, client_for):
    url = reverse("report_rollup", args=["keystone"])
    for role in (Role.MENTOR, Role.APPRENTICE, Role.INSTRUCTOR):
        assert client_for(world.user("keystone", role)).get(url).status_code == 403
