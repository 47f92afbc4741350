"""The mapping page helps to map: the date format guessed from the file's dates and its first rows shown;
the preview says what a refused row's competency was; singular wording for one entry."""

import pytest
from django.urls import reverse
from django_scopes import scope

from payroll.models import HoursImport
from tests.payroll.conftest import csv_file, days_ago

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(name, args=["keystone", *args])


def upload(make, client, rows):
    response = client.post(url("hours_imports"), {"file": csv_file(rows)})
    with scope(sponsor=make.sponsor):
        return response, HoursImport.objects.order_by("-pk").first()


def test_the_mapping_page_guesses_iso_dates_and_shows_the_first_three_rows(make, client_for):
    enrollment = make.enrollment()
    client = client_for(make.employer_admin.user)
    rows = [[enrollment.email, f"2026-11-{day}", "8", make.competency_name, f"note {day}"] for day in (24, 25, 26, 27)]
    response, _hours_import = upload(make, client, rows)
    page = client.get(response.url).content.decode()
    assert '<option value="iso" selected>' in page
    assert '<option value="us" selected>' not in page
    assert "2026-11-24" in page and "note 26" in page and "note 27" not in page  # three rows, not four


def test_day_first_dates_are_guessed_when_a_day_is_over_twelve(make, client_for):
    enrollment = make.enrollment()
    client = client_for(make.employer_admin.user)
    response, _hours_import = upload(make, client, [[enrollment.email, "03/11/2026", "8", "x", ""],
                                                     [enrollment.email, "30/11/2026", "8", "x", ""]])
    assert '<option value="day_first" selected>' in client.get(response.url).content.decode()


def test_a_refused_rows_competency_says_what_the_file_wrote_and_that_it_was_not_checked(make, client_for):
    enrollment = make.enrollment()
    client = client_for(make.employer_admin.user)
    response, hours_import = upload(make, client, [make.row(enrollment),
                                                   ["nobody@example.com", days_ago(2).strftime("%m/%d/%Y"), "4",
                                                    "Weld a pipe", "Unknown"]])
    client.post(url("hours_import_mapping", hours_import.pk), {
        "apprentice_column": "Employee e-mail", "match_by": "email", "date_column": "Work date",
        "date_format": "us", "hours_column": "Hours", "competency_column": "Competency", "note_column": "Note",
    })
    page = client.get(url("hours_import_detail", hours_import.pk)).content.decode()
    assert "Weld a pipe" in page and "not checked: the apprentice is unknown" in page
    assert "Note: “Unknown”" in page
    page = client.post(url("hours_import_confirm", hours_import.pk), follow=True).content.decode()
    assert "1 entry was logged" in page and "1 entries" not in page
