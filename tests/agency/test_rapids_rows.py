"""The RAPIDS rows: codes of a valid record, each missing or invalid field with its fix link, formula cells."""

import csv
import io

import pytest
from django.urls import reverse
from django_scopes import scope

from agency.rapids import COLUMNS, neutralise, write_csv
from agency.selectors import export_rows
from apprentices import services
from tests.agency.conftest import FULL
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


def rows_of(make, since=None):
    with scope(sponsor=make.sponsor):
        return export_rows(make.sponsor, since or days_ago(30))


def one(rows, enrollment):
    (row,) = [row for row in rows if row.enrollment.pk == enrollment.pk]
    return row


def test_a_valid_record_makes_one_row_with_the_agencys_codes(make, enroll):
    enrollment = enroll()
    row = one(rows_of(make), enrollment)
    assert row.valid, row.problems
    v = row.values
    assert (v["first_name"], v["last_name"], v["ssn"]) == ("Dana", "Reyes", "")
    assert v["sponsor_number"] == "PA-2019-IMT-0412"
    assert v["date_of_birth"] == FULL["date_of_birth"].strftime("%Y%m%d")
    assert (v["gender"], v["ethnicity_hispanic_latino"]) == ("2", "2")
    assert [v[c] for c in ("american_indian_alaskan_native", "asian", "black_african_american",
                           "native_hawaiian_other_pacific_islander", "white")] == ["0", "0", "1", "0", "1"]
    assert (v["veteran_status"], v["education_level"], v["disability_status"], v["employment_status"]) == (
        "1", "5", "2", "1")
    assert (v["address"], v["city"], v["state"], v["zip"], v["phone"]) == (
        "12 Mill Road", "York", "PA", "17401", "7175550142")
    assert v["program_start_date"] == days_ago(20).strftime("%Y%m%d")
    assert v["apprentice_status"] == "active"  # on probation: active for the agency
    assert v["rapids_occupation_code"] == "1104HY"
    assert v["journeyworker_wage"] == "26.50" and v["entry_wage"]
    assert [c.kind for c in row.changes] == ["enrolled"]
    assert list(csv.reader(io.StringIO(write_csv([row]))))[1] == [neutralise(v[c]) for c in COLUMNS]


def test_prefer_not_to_say_is_a_valid_answer_coded_as_not_self_identified(make, enroll):
    enrollment = enroll(demographics={**FULL, "sex": "prefer_not", "races": ["prefer_not"], "disability": "prefer_not",
                                      "ethnicity": "prefer_not", "veteran_status": "prefer_not"})
    row = one(rows_of(make), enrollment)
    assert row.valid
    assert row.values["gender"] == row.values["ethnicity_hispanic_latino"] == row.values["veteran_status"] == "9"
    assert row.values["white"] == row.values["asian"] == "9"
    assert row.values["disability_status"] == "3"


def test_each_missing_field_is_reported_with_a_link_to_the_page_that_fixes_it(make, enroll):
    enrollment = enroll(demographics=None)
    row = one(rows_of(make), enrollment)
    fields = {p.field: p for p in row.problems}
    assert set(fields) == {"date_of_birth", "gender", "ethnicity_hispanic_latino", "white", "veteran_status",
                           "education_level", "disability_status", "employment_status", "address", "city", "state",
                           "zip"}
    demographics_url = reverse("demographics", args=["keystone", enrollment.pk])
    assert {p.url for p in row.problems} == {demographics_url}
    assert not row.valid and len(write_csv([row]).splitlines()) == 1  # the header only: the row is held back


def test_invalid_values_are_reported(make, enroll):
    enrollment = enroll()
    with scope(sponsor=make.sponsor):
        demographics = enrollment.demographics
        # Written as a row: the service refuses these shapes; older or imported records may still hold them.
        type(demographics).objects.filter(pk=demographics.pk).update(state="XX", postal_code="1740", phone="555-01")
    fields = {p.field for p in one(rows_of(make), enrollment).problems}
    assert fields == {"state", "zip", "phone"}


def test_sponsor_and_program_gaps_link_to_the_sponsor_settings_and_the_program(make, enroll):
    from agency.rapids import build_row
    from programs.models import Sponsor

    enrollment = enroll()
    Sponsor.objects.filter(pk=make.sponsor.pk).update(rapids_sponsor_number="")
    with scope(sponsor=make.sponsor):
        enrollment = type(enrollment).objects.select_related("sponsor", "program", "standards_version").get(
            pk=enrollment.pk)
        # Neither the version nor the program has an occupation code, nor a wage (in memory only: a
        # published version never changes).
        for record in (enrollment.standards_version, enrollment.program):
            record.rapids_code, record.journeyworker_wage = "", None
        row = build_row(enrollment, enrollment.demographics, [], {}, "", "keystone")
    problems = {p.field: p.url for p in row.problems}
    program_url = reverse("program_update", args=["keystone", make.program.pk])
    assert problems == {"sponsor_number": reverse("sponsor_settings", args=["keystone"]),
                        "rapids_occupation_code": program_url, "entry_wage": program_url}


def test_the_service_refuses_a_badly_shaped_address(make, enroll):
    from django.core.exceptions import ValidationError

    enrollment = enroll(demographics=None)
    with scope(sponsor=make.sponsor), pytest.raises(ValidationError) as error:
        services.demographics_save(enrollment=enrollment, by=make.sponsor_admin.user,
                                   **{**FULL, "state": "Penn", "postal_code": "ABCDE", "phone": "12"})
    assert set(error.value.message_dict) == {"state", "postal_code", "phone"}


@pytest.mark.parametrize("value", ["=1+2", "+1", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_a_spreadsheet_would_run_is_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("12 Mill Road") == "12 Mill Road"


def test_formula_text_in_a_record_is_neutralised_in_the_csv(make, enroll):
    enrollment = enroll(demographics={**FULL, "address_line": '=HYPERLINK("http://x.example","y")', "city": "@York"})
    row = one(rows_of(make), enrollment)
    assert row.valid
    (header, line) = list(csv.reader(io.StringIO(write_csv([row]))))
    cells = dict(zip(header, line, strict=True))
    assert cells["address"].startswith("'=") and cells["city"] == "'@York"


def test_another_sponsors_rows_never_appear(make, enroll, world):
    from imt.permissions import Role
    from jobbook.models import JobBookVersion
    from programs.models import Program

    mine = enroll()
    apprentice = world.member("lakeshore", Role.APPRENTICE)
    with scope(sponsor=world.b):
        theirs = services.enrollment_create(
            sponsor=world.b, by=world.user("lakeshore", Role.SPONSOR_ADMIN), program=Program.objects.get(
                sponsor=world.b), employer=apprentice.employer, job_book_version=JobBookVersion.objects.get(
                job_book__employer=apprentice.employer, status="published"), start_date=days_ago(10),
            mentors=[world.member("lakeshore", Role.MENTOR)], apprentice=apprentice,
        )
        services.demographics_save(enrollment=theirs, by=world.user("lakeshore", Role.SPONSOR_ADMIN), **FULL)
        lakeshore_rows = export_rows(world.b, days_ago(365))
    keystone_rows = rows_of(make, days_ago(365))
    assert {row.enrollment.pk for row in keystone_rows} >= {mine.pk}
    assert theirs.pk not in {row.enrollment.pk for row in keystone_rows}
    assert {row.enrollment.sponsor_id for row in keystone_rows} == {make.sponsor.pk}
    assert {row.enrollment.pk for row in lakeshore_rows} == {theirs.pk}
