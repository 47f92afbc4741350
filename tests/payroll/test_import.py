"""The hours import: the mapping kept per employer, every row judged in the preview, nothing logged
before the confirmation, pending entries in the mentor's queue, duplicates skipped, imported once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from apprentices.models import Enrollment, OJTEntry
from apprentices.selectors import mentor_queue
from apprentices.services import hours_log
from payroll.models import HoursImport, HoursMapping
from tests.payroll.conftest import HEADERS, csv_file, days_ago, us, xlsx_file

pytestmark = pytest.mark.django_db

CREATE, DUPLICATE, REFUSED, CREATED = "create", "duplicate", "refused", "created"


def entries_of(make, enrollment):
    with scope(sponsor=make.sponsor):
        return list(OJTEntry.objects.filter(enrollment=enrollment).order_by("date", "pk"))


def test_the_first_upload_asks_for_the_mapping_and_the_next_one_reuses_it(make):
    enrollment = make.enrollment()
    first = make.upload(csv_file([make.row(enrollment)]))
    assert first.status == HoursImport.Status.MAPPING
    assert first.headers == HEADERS
    make.map(first, note_column="")
    with scope(sponsor=make.sponsor):
        mapping = HoursMapping.objects.get(employer=make.penn)
    assert (mapping.apprentice_column, mapping.date_column, mapping.hours_column) == (
        "Employee e-mail", "Work date", "Hours")

    second = make.upload(csv_file([make.row(enrollment, day=days_ago(4))]))
    assert second.status == HoursImport.Status.PREVIEW  # straight to the preview with the saved mapping
    assert make.outcomes(second) == {2: (CREATE, [])}


def test_a_file_without_the_mapped_columns_asks_for_the_mapping_again(make):
    enrollment = make.enrollment()
    make.previewed([make.row(enrollment)])
    other = make.upload(csv_file([[enrollment.email, us(days_ago(2)), "8"]], headers=["Email", "Day", "Hrs"]))
    assert other.status == HoursImport.Status.MAPPING
    other = make.map(other, apprentice_column="Email", date_column="Day", hours_column="Hrs", competency_column="",
                     note_column="", default_competency_key=make.competency().key)
    assert make.outcomes(other) == {2: (CREATE, [])}


def test_a_mapping_needs_a_competency_column_or_a_default_competency(make):
    hours_import = make.upload(csv_file([make.row(make.enrollment())]))
    with pytest.raises(ValidationError) as error:
        make.map(hours_import, competency_column="", default_competency_key="")
    assert "default_competency_key" in error.value.message_dict


def test_the_default_competency_books_every_row_on_that_competency_of_the_apprentices_version(make):
    enrollment = make.enrollment()
    second = make.competency(index=1)
    hours_import = make.previewed([make.row(enrollment)], competency_column="", default_competency_key=second.key)
    with scope(sponsor=make.sponsor):
        (row,) = hours_import.rows.all()
    assert row.competency == second


def test_the_preview_gives_each_refused_row_its_reasons(make):
    ours = make.enrollment()
    suspended = make.enrollment(status=Enrollment.Status.SUSPENDED)
    elsewhere = make.enrollment(apprentice=make.apprentice(employer=make.allegheny))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    hours_import = make.previewed([
        make.row(ours),  # 2: fine
        ["nobody@else.example", us(days_ago(3)), "8", make.competency_name, ""],  # 3
        make.row(elsewhere),  # 4
        [ours.email, "31/31/2026", "8", make.competency_name, ""],  # 5
        make.row(ours, day=tomorrow),  # 6
        make.row(ours, hours="7.3", day=days_ago(5)),  # 7
        make.row(ours, competency="Juggling", day=days_ago(6)),  # 8
        make.row(suspended),  # 9
        make.row(ours, day=ours.start_date - datetime.timedelta(days=1)),  # 10
        [ours.email, us(days_ago(7)), "", make.competency_name, ""],  # 11
        [ours.email, "", "eight", "Juggling", ""],  # 12: every reason at once
    ])
    outcomes = make.outcomes(hours_import)
    assert outcomes[2] == (CREATE, [])
    assert {number for number, (outcome, _r) in outcomes.items() if outcome == REFUSED} == set(range(3, 13))
    reason = {number: " ".join(reasons) for number, (_o, reasons) in outcomes.items()}
    assert "Unknown apprentice" in reason[3]
    assert "apprentice of another employer" in reason[4]
    assert "“31/31/2026” is not a date" in reason[5]
    assert "future date" in reason[6]
    assert "quarter-hour steps" in reason[7]
    assert "“Juggling” is not a competency of the apprentice's Job Book" in reason[8]
    assert "while the enrollment is suspended" in reason[9]
    assert "before the apprentice's start date" in reason[10]
    assert "No hours" in reason[11]
    assert len(outcomes[12][1]) == 3  # no date, not a number, not a competency
    assert (hours_import.rows_total, hours_import.rows_to_create, hours_import.rows_refused) == (11, 1, 10)


def test_nothing_is_logged_before_the_admin_confirms(make):
    enrollment = make.enrollment()
    make.previewed([make.row(enrollment), make.row(enrollment, day=days_ago(4))])
    assert entries_of(make, enrollment) == []


def test_confirmed_rows_are_pending_entries_of_the_import_in_the_mentors_queue(make):
    enrollment = make.enrollment()
    hours_import = make.previewed([make.row(enrollment, hours="7.5", note="Line 3"),
                                   make.row(enrollment, day=days_ago(4))])
    hours_import = make.confirm(hours_import)
    assert (hours_import.status, hours_import.rows_created) == (HoursImport.Status.IMPORTED, 2)
    entries = entries_of(make, enrollment)
    assert [(e.hours, e.status, e.source) for e in entries] == [
        (Decimal("8"), "pending", "import"), (Decimal("7.5"), "pending", "import")]
    assert {e.source_ref for e in entries} == {f"import:{hours_import.pk}:2", f"import:{hours_import.pk}:3"}
    assert {e.created_by for e in entries} == {make.employer_admin.user}
    assert entries[1].note == "Line 3"
    with scope(sponsor=make.sponsor):
        queue = mentor_queue(make.mentor)
    assert {e.pk for e in entries} <= {e.pk for e in queue.entries}


def test_an_existing_imported_entry_with_the_same_key_is_skipped(make):
    enrollment = make.enrollment()
    make.confirm(make.previewed([make.row(enrollment)]))
    # The same apprentice, day, competency and hours in another file (and a new day beside it).
    again = make.previewed([make.row(enrollment, note="again"), make.row(enrollment, day=days_ago(9))])
    assert [outcome for outcome, _r in make.outcomes(again).values()] == [DUPLICATE, CREATE]
    make.confirm(again)
    assert len(entries_of(make, enrollment)) == 2


def test_hours_the_apprentice_logged_themselves_are_not_a_duplicate_of_an_import(make):
    enrollment = make.enrollment()
    with scope(sponsor=make.sponsor):
        hours_log(enrollment=enrollment, by=enrollment.apprentice.user, date=days_ago(3),
                  competency=make.competency(), hours="8")
    hours_import = make.previewed([make.row(enrollment)])
    assert make.outcomes(hours_import) == {2: (CREATE, [])}


def test_uploading_the_same_file_twice_logs_nothing_new(make):
    enrollment = make.enrollment()
    rows = [make.row(enrollment), make.row(enrollment, day=days_ago(4))]
    make.confirm(make.previewed(rows))
    second = make.confirm(make.previewed(rows))
    assert (second.rows_created, second.rows_duplicate) == (0, 2)
    assert len(entries_of(make, enrollment)) == 2


def test_a_repeated_row_within_the_file_is_skipped(make):
    enrollment = make.enrollment()
    hours_import = make.previewed([make.row(enrollment), make.row(enrollment)])
    assert make.outcomes(hours_import)[3] == (DUPLICATE, ["The same hours as row 2."])


def test_withdrawn_or_rejected_import_entries_do_not_make_a_duplicate(make):
    enrollment = make.enrollment()
    make.confirm(make.previewed([make.row(enrollment)]))
    with scope(sponsor=make.sponsor):
        OJTEntry.objects.filter(enrollment=enrollment).update(status=OJTEntry.Status.WITHDRAWN)
    assert make.outcomes(make.previewed([make.row(enrollment)])) == {2: (CREATE, [])}


def test_a_day_holds_24_hours_across_the_file_and_the_entries_already_logged(make):
    enrollment = make.enrollment()
    day = days_ago(3)
    make.entry(enrollment, hours="10", date=day)
    second = make.competency(index=1).name
    hours_import = make.previewed([
        make.row(enrollment, hours="8", day=day),  # 18 h
        make.row(enrollment, hours="6", day=day, competency=second),  # 24 h
        make.row(enrollment, hours="0.25", day=day, note="over"),  # over 24
        make.row(enrollment, hours="12", day=days_ago(4)),
        make.row(enrollment, hours="12", day=days_ago(4), competency=second),  # 24 h exactly
    ])
    outcomes = make.outcomes(hours_import)
    assert [outcomes[n][0] for n in range(2, 7)] == [CREATE, CREATE, REFUSED, CREATE, CREATE]
    assert "24 hours are already logged or earlier in this file" in outcomes[4][1][0]
    make.confirm(hours_import)
    assert len(entries_of(make, enrollment)) == 5  # the one already there and four imported


def test_hours_logged_after_the_preview_are_counted_when_confirming(make):
    enrollment = make.enrollment()
    hours_import = make.previewed([make.row(enrollment, hours="10")])
    make.entry(enrollment, hours="16", date=days_ago(3))
    hours_import = make.confirm(hours_import)
    assert (hours_import.rows_created, hours_import.rows_refused) == (0, 1)
    assert "a day has at most 24 hours" in make.outcomes(hours_import)[2][1][0]


def test_confirming_twice_imports_once(make):
    enrollment = make.enrollment()
    hours_import = make.previewed([make.row(enrollment)])
    make.confirm(hours_import)
    again = make.confirm(hours_import)
    assert again.rows_created == 1
    assert len(entries_of(make, enrollment)) == 1


def test_an_xlsx_file_reads_as_the_csv_does(make):
    enrollment = make.enrollment()
    make.previewed([make.row(enrollment, day=days_ago(20))])  # saves the mapping; never confirmed
    workbook = xlsx_file([
        [enrollment.email, days_ago(3), 7.5, make.competency_name, "from the time clock"],  # a date cell, a number
        [enrollment.email, us(days_ago(4)), "8", make.competency_name, None],  # text cells
        [None, None, None, None, None],  # a blank line
    ])
    hours_import = make.upload(workbook)
    assert hours_import.file_format == "xlsx"
    assert make.outcomes(hours_import) == {2: (CREATE, []), 3: (CREATE, [])}
    make.confirm(hours_import)
    assert [(e.date, e.hours) for e in entries_of(make, enrollment)] == [
        (days_ago(4), Decimal(8)), (days_ago(3), Decimal("7.5"))]


def test_a_file_that_is_no_spreadsheet_is_refused(make):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError, match="not a real XLSX"):
        make.upload(SimpleUploadedFile("hours.xlsx", b"email,date\n"))
    with pytest.raises(ValidationError, match="CSV or XLSX"):
        make.upload(SimpleUploadedFile("hours.pdf", b"%PDF-1.4"))
    with pytest.raises(ValidationError, match="no rows of hours"):
        make.upload(csv_file([]))


def test_apprentices_are_matched_by_name_when_the_mapping_says_so(make):
    enrollment = make.enrollment()
    hours_import = make.upload(csv_file([[enrollment.full_name.upper(), us(days_ago(3)), "8", make.competency_name,
                                          ""]]))
    hours_import = make.map(hours_import, match_by="name")
    with scope(sponsor=make.sponsor):
        (row,) = hours_import.rows.all()
    assert (row.outcome, row.enrollment) == (CREATE, enrollment)


def test_only_an_employer_admin_imports_and_only_for_their_employer(make):
    from django.core.exceptions import PermissionDenied

    from imt.permissions import Role

    hours_import = make.upload(csv_file([make.row(make.enrollment())]))
    other_admin = make.member(Role.EMPLOYER_ADMIN, employer=make.allegheny)
    with pytest.raises(PermissionDenied):
        make.map(hours_import, by=other_admin)
    with pytest.raises(PermissionDenied):
        make.upload(csv_file([make.row(make.enrollment())]), by=make.sponsor_admin)
