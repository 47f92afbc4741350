"""The pages of the hours import as the employer admin, the mentor and others see them."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from apprentices.models import OJTEntry
from imt.permissions import Role
from payroll.models import HoursImport
from tests.payroll.conftest import csv_file, days_ago

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(name, args=["keystone", *args])


def test_an_employer_admin_uploads_maps_previews_and_confirms(make, client_for):
    enrollment = make.enrollment()
    client = client_for(make.employer_admin.user)
    assert url("hours_imports") in client.get(url("dashboard")).content.decode()

    response = client.post(url("hours_imports"), {"file": csv_file([make.row(enrollment),
                                                                     ["someone@else.example", "x", "8", "y", ""]])})
    with scope(sponsor=make.sponsor):
        hours_import = HoursImport.objects.get()
    assert response.url == url("hours_import_mapping", hours_import.pk)
    page = client.get(response.url).content.decode()
    assert '<option value="Work date" selected>' in page  # guessed from the header row

    response = client.post(url("hours_import_mapping", hours_import.pk), {
        "apprentice_column": "Employee e-mail", "match_by": "email", "date_column": "Work date",
        "date_format": "us", "hours_column": "Hours", "competency_column": "Competency", "note_column": "Note",
    })
    assert response.url == url("hours_import_detail", hours_import.pk)
    page = client.get(response.url).content.decode()
    assert "Preview: nothing is logged yet" in page
    assert "Unknown apprentice" in page and "Import 1 entry" in page
    with scope(sponsor=make.sponsor):
        assert not OJTEntry.objects.filter(enrollment=enrollment).exists()

    response = client.post(url("hours_import_confirm", hours_import.pk), follow=True)
    page = response.content.decode()
    assert "1 entry was logged" in page and "Imported hours" in page
    response = client.post(url("hours_import_confirm", hours_import.pk), follow=True)
    assert "already imported; nothing was added" in response.content.decode()
    with scope(sponsor=make.sponsor):
        assert OJTEntry.objects.filter(enrollment=enrollment, source="import").count() == 1


def test_the_mentor_sees_imported_hours_in_the_queue_marked_imported(make, client_for):
    enrollment = make.enrollment()
    make.confirm(make.previewed([make.row(enrollment)]))
    page = client_for(make.mentor.user).get(url("mentor_queue")).content.decode()
    assert enrollment.full_name in page
    assert 'entry-source' in page and "Imported" in page


def test_the_apprentice_sees_which_entries_were_imported(make, client_for):
    enrollment = make.enrollment()
    make.confirm(make.previewed([make.row(enrollment)]))
    page = client_for(enrollment.apprentice.user).get(url("hours_list")).content.decode()
    assert "Imported" in page


def test_the_same_file_again_says_it_was_imported(make, client_for):
    enrollment = make.enrollment()
    make.confirm(make.previewed([make.row(enrollment)]))
    again = make.previewed([make.row(enrollment)])
    page = client_for(make.employer_admin.user).get(url("hours_import_detail", again.pk)).content.decode()
    assert 'id="same-file"' in page
    assert "No row can be imported" in page


def test_the_sample_file_has_the_mapped_columns_and_an_example_row(make, client_for):
    client = client_for(make.employer_admin.user)
    rows = list(csv.reader(io.StringIO(client.get(url("hours_import_sample")).content.decode())))
    assert rows[0] == ["Employee e-mail", "Work date", "Hours", "Competency", "Note"] and len(rows) == 2
    make.previewed([make.row(make.enrollment())], note_column="", competency_column="",
                   default_competency_key=make.competency().key)
    rows = list(csv.reader(io.StringIO(client.get(url("hours_import_sample")).content.decode())))
    assert rows[0] == ["Employee e-mail", "Work date", "Hours"]


def test_who_may_open_the_imports(make, client_for):
    hours_import = make.previewed([make.row(make.enrollment())])
    detail = url("hours_import_detail", hours_import.pk)
    assert client_for(make.mentor.user).get(url("hours_imports")).status_code == 403
    other_admin = make.member(Role.EMPLOYER_ADMIN, employer=make.allegheny)
    assert client_for(other_admin.user).get(detail).status_code == 404
    staff = client_for(make.sponsor_admin.user)
    assert staff.get(detail).status_code == 200
    assert "upload-heading" not in staff.get(url("hours_imports")).content.decode()
    assert staff.post(url("hours_import_confirm", hours_import.pk)).status_code == 403


def test_the_preview_reads_the_same_number_of_queries_for_many_rows(make, client_for):
    enrollment = make.enrollment()
    client = client_for(make.employer_admin.user)

    def queries(n):
        rows = [make.row(enrollment, hours="0.25", day=days_ago(3 + i % 20), note=f"n{i}") for i in range(n)]
        hours_import = make.previewed(rows)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("hours_import_detail", hours_import.pk)).status_code == 200
        return len(captured)

    assert queries(3) == queries(60)
