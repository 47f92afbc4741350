"""Part 30: people by sex, race, ethnicity, disability and veteran status for applicants, enrolled,
completed and cancelled; counts from 1 to 4 suppressed on the page and in both downloads; sponsor staff only."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apprentices.models import Demographics, Enrollment
from imt.permissions import Role
from programs.models import Employer
from reports.tables import SUPPRESSED
from tests.reports.helpers import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db
S = Enrollment.Status
COLUMNS = ["Characteristic", "Answer", "Applicants", "Enrolled", "Completed", "Cancelled"]


@pytest.fixture
def castings(make):
    """An employer of its own, so that the report narrowed to it counts only this test's people."""
    with scopes_disabled():
        return Employer.objects.create(sponsor=make.sponsor, name="Part Thirty Castings")


def person(make, employer, status=S.ACTIVE, invited=False, **answers):
    apprentice = make.apprentice(employer=employer)
    enrollment = make.enrollment(apprentice=apprentice, status=S.ACTIVE if status == S.CANCELLED else status)
    with scopes_disabled():
        if invited:  # nobody has accepted the invitation yet
            Enrollment.objects.filter(pk=enrollment.pk).update(apprentice=None)
        if status == S.CANCELLED:
            Enrollment.objects.filter(pk=enrollment.pk).update(status=S.CANCELLED)
    with scope(sponsor=make.sponsor):
        Demographics.objects.create(sponsor=make.sponsor, enrollment=enrollment, updated_by=apprentice.user, **answers)
    return enrollment


def page_rows(client, employer):
    response = client.get(reverse("report_part30", args=["keystone"]), {"employer": employer.pk})
    assert response.status_code == 200
    return response.context["table"], {(row[0], row[1]): row[2:] for row in response.context["table"].rows}


def test_counts_by_group_with_small_cells_suppressed(make, castings, client_for):
    for _i in range(6):
        person(make, castings, sex="female", races=["black"], disability="no", veteran_status="non_veteran")
    for _i in range(2):
        person(make, castings, sex="male", races=["white", "asian"], disability="yes")
    person(make, castings, invited=True, sex="female")
    person(make, castings, status=S.CANCELLED, sex="male", ethnicity="hispanic")

    table, rows = page_rows(client_for(make.sponsor_admin.user), castings)
    assert table.columns == COLUMNS
    assert rows[("Everyone", "Total")] == [SUPPRESSED, 8, 0, SUPPRESSED]
    assert rows[("Sex", "Female")] == [SUPPRESSED, 6, 0, 0]
    assert rows[("Sex", "Male")] == [0, SUPPRESSED, 0, SUPPRESSED]
    assert rows[("Race", "Black or African American")] == [0, 6, 0, 0]
    assert rows[("Race", "White")] == rows[("Race", "Asian")] == [0, SUPPRESSED, 0, 0]  # several races: each
    assert rows[("Race", "Not answered")] == [SUPPRESSED, 0, 0, SUPPRESSED]
    assert rows[("Disability", "No, I do not have a disability")] == [0, 6, 0, 0]
    assert rows[("Veteran status", "Not answered")] == [SUPPRESSED, SUPPRESSED, 0, SUPPRESSED]
    assert rows[("Ethnicity", "Hispanic or Latino")] == [0, 0, 0, SUPPRESSED]
    every_count = [cell for row in table.rows for cell in row[2:]]
    assert not [c for c in every_count if isinstance(c, int) and 0 < c < 5]


def test_the_downloads_hold_the_same_suppressed_figures(make, castings, client_for):
    for _i in range(5):
        person(make, castings, sex="female")
    person(make, castings, sex="male")
    client = client_for(make.reviewer.user)
    table, _rows = page_rows(client, castings)
    url = reverse("report_part30_download", args=["keystone"])
    from_csv = csv_rows(client.get(url, {"employer": castings.pk, "format": "csv"}))
    from_xlsx = xlsx_rows(client.get(url, {"employer": castings.pk, "format": "xlsx"}))
    assert from_csv[0] == from_xlsx[0] == COLUMNS
    assert from_csv[1:] == [[str(cell) for cell in row] for row in table.rows]
    assert from_xlsx[1:] == [list(row) for row in table.rows]
    female = next(row for row in from_xlsx if row[:2] == ["Sex", "Female"])
    male = next(row for row in from_csv if row[:2] == ["Sex", "Male"])
    assert female[3] == 5 and male[3] == SUPPRESSED


def test_only_sponsor_staff_see_the_part_30_report(world, client_for):
    for role in Role:
        status = client_for(world.user("keystone", role)).get(reverse("report_part30", args=["keystone"])).status_code
        assert status == (200 if role in (Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER) else 403), role
        download = reverse("report_part30_download", args=["keystone"])
        assert client_for(world.user("keystone", role)).get(download).status_code in (200, 403)


def test_another_sponsors_staff_get_404(world, client_for):
    client = client_for(world.user("lakeshore", Role.SPONSOR_ADMIN))
    assert client.get(reverse("report_part30", args=["keystone"])).status_code == 404
    assert client.get(reverse("report_rollup_download", args=["keystone"])).status_code == 404
