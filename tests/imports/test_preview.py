"""Uploading a roster file: the preview says what each row would do, with every error under its column,
and nothing of the domain is stored before the admin confirms."""

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from apprentices.models import Demographics, Enrollment
from imports.models import RosterImport, RosterImportRow
from programs.models import Invitation
from tests.imports.conftest import PENN, csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db
A = RosterImportRow.Action


def rows_of(roster_import):
    with scopes_disabled():
        return {r.number: r for r in RosterImportRow.objects.filter(roster_import=roster_import)}


def the_import():
    with scopes_disabled():
        return RosterImport.objects.get()


def test_the_preview_shows_each_rows_action_and_every_error_under_its_column(admin, upload):
    content = csv_file([
        row(1),
        row(2, employer="Nowhere Fabrication", start_date="31/31/2026", email="not-an-address", sex="maybe"),
        row(3, employer="Allegheny Metal Works"),  # the mentor works at Penn
        row(4, email="twice@example.com"),
        row(5, email="twice@example.com"),
        row(6, email="apprentice@keystone.example", veteran_status="veteran"),  # enrolled already: an update
        row(7, email="reviewer@keystone.example"),
        row(8, program="Welding", name="", date_of_birth="2020-01-01"),
    ])
    response = upload(admin, content)
    roster_import = the_import()
    assert roster_import.status == RosterImport.Status.READY
    rows = rows_of(roster_import)
    assert {n: r.action for n, r in rows.items()} == {
        2: A.CREATE, 3: A.REFUSED, 4: A.REFUSED, 5: A.REFUSED, 6: A.REFUSED, 7: A.UPDATE, 8: A.REFUSED,
        9: A.REFUSED}
    assert set(rows[3].errors) == {"employer", "start_date", "email", "sex"}
    assert "No employer is named “Nowhere Fabrication”" in rows[3].errors["employer"][0]
    assert "is not a date" in rows[3].errors["start_date"][0]
    assert "is not an e-mail address" in rows[3].errors["email"][0]
    assert rows[4].errors == {"mentor": ["mentor@keystone.example is a mentor at Penn Precision Plastics, not at "
                                         "Allegheny Metal Works."]}
    assert rows[5].errors["email"] == ["This e-mail address is also on row 6 of the file."]
    assert rows[6].errors["email"] == ["This e-mail address is also on row 5 of the file."]
    assert rows[7].changes == ["date_of_birth", "sex", "veteran_status", "state", "zip"]
    assert "is a sponsor reviewer at this sponsor, not an apprentice" in rows[8].errors["email"][0]
    assert set(rows[9].errors) == {"program", "name", "date_of_birth"}
    assert (roster_import.to_create, roster_import.to_update, roster_import.refused) == (1, 1, 6)
    page = response.content.decode()
    assert "No employer is named “Nowhere Fabrication” at this sponsor." in page
    assert "Import 2 rows" in page


def test_nothing_is_stored_before_the_admin_confirms(admin, upload, django_capture_on_commit_callbacks):
    with scopes_disabled():
        before = (Enrollment.objects.count(), Invitation.objects.count(), Demographics.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin, csv_file([row(1), row(2), row(3, email="apprentice@keystone.example")]))
    with scopes_disabled():
        assert (Enrollment.objects.count(), Invitation.objects.count(), Demographics.objects.count()) == before
    assert mail.outbox == []
    assert the_import().status == RosterImport.Status.READY


def test_an_xlsx_file_with_date_cells_is_read_like_a_csv(admin, upload):
    import datetime

    upload(admin, xlsx_file([row(1, start_date=datetime.datetime(2026, 3, 2), date_of_birth=datetime.date(2001, 5, 4),
                                 zip=17101)]), name="roster.xlsx")
    (only,) = rows_of(the_import()).values()
    assert only.action == A.CREATE, only.errors
    assert (only.values["start_date"], only.values["date_of_birth"], only.values["zip"]) == (
        "2026-03-02", "2001-05-04", "17101")


def test_headers_may_be_spelt_like_a_person_writes_them(admin, upload):
    headers = ["Full name", "E-mail address", "Employer", "Program", "Start date", "Mentor email"]
    cells = row(1)
    content = csv_file([{h: cells[k] for h, k in zip(headers, ["name", "email", "employer", "program", "start_date",
                                                               "mentor"], strict=True)}], headers=headers)
    upload(admin, content)
    (only,) = rows_of(the_import()).values()
    assert only.action == A.CREATE, only.errors


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"%PDF-1.7\n\x00\x01binary", "roster.pdf", "This is not a CSV or XLSX file."),
    (b"PK\x03\x04not really a workbook", "roster.xlsx", "could not be read as XLSX"),
    (b"name,email\nA,a@example.com\n", "roster.csv", "The header row lacks these columns: Employer"[:36]),
    (b"", "roster.csv", "The submitted file is empty."),
    (b"name,email,program,start_date,mentor\n", "roster.csv", "no apprentices under it"),
    ("name,email\né,x\n".encode("latin-1"), "roster.csv", "not UTF-8"),
])
def test_an_unusable_file_is_refused_with_a_clear_message_and_nothing_is_stored(admin, upload, content, name,
                                                                                message):
    response = upload(admin, content, name=name)
    assert message in response.content.decode()
    with scopes_disabled():
        assert not RosterImport.objects.exists()


def test_too_many_rows_and_too_large_a_file_are_refused(admin, upload, monkeypatch):
    from imports import forms, reading

    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    response = upload(admin, csv_file([row(1), row(2), row(3)]))
    assert "The file has 3 rows; one import takes at most 2." in response.content.decode()
    monkeypatch.setattr(forms, "MAX_BYTES", 100)
    response = upload(admin, csv_file([row(1), row(2)]))
    assert "a roster file may be at most 100" in response.content.decode()
    with scopes_disabled():
        assert not RosterImport.objects.exists()


def test_the_preview_pages_a_long_file_with_a_constant_number_of_queries(admin, upload, client_for, world,
                                                                         django_assert_max_num_queries):
    from django.urls import reverse

    upload(admin, csv_file([row(n) for n in range(1, 121)]))
    roster_import = the_import()
    client = client_for(admin.user)
    url = reverse("roster_import", args=[world.a.slug, roster_import.pk])
    client.get(url)  # warm the session and the member's caches
    with django_assert_max_num_queries(20) as first:
        response = client.get(url)
    assert response.content.decode().count('<th scope="row">') == 50
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url + "?page=3")
    assert "Page 3 of 3" in response.content.decode()
    assert PENN in response.content.decode()
