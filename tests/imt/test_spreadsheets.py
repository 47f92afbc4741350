"""The spreadsheet mechanics the roster and hours imports share: a cell as text, and loading a CSV or
XLSX file into its header row and numbered rows of text."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from imt.spreadsheets import NotUtf8, UnreadableSheet, cell_text, decode_csv, is_xlsx, load


@pytest.mark.parametrize(("value", "text"), [
    (None, ""),
    (datetime.datetime(2026, 3, 31), "2026-03-31"),
    (datetime.datetime(2026, 3, 31, 7, 30), "2026-03-31 07:30:00"),
    (datetime.date(2026, 3, 31), "2026-03-31"),
    (8.0, "8"),
    (Decimal("8.00"), "8"),
    (7.5, "7.5"),
    (0.1, "0.1"),
    (1e-05, "0.00001"),
    (42, "42"),
    ("  Welder  ", "Welder"),
    (float("nan"), "NaN"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


def xlsx(*rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_csv_with_a_byte_order_mark_loads_without_it_and_blank_rows_keep_their_numbers():
    content = "\ufeffE-mail,Hours\nana@example.com,8\n,\nbo@example.com,7.5\n".encode()
    assert not is_xlsx(content)
    assert load(content, "csv") == (["E-mail", "Hours"],
                                    [(2, ["ana@example.com", "8"]), (4, ["bo@example.com", "7.5"])])


def test_a_csv_that_is_not_utf8_falls_back_to_cp1252_or_is_refused_without_a_fallback():
    content = "Name,Note\nJosé,Café\n".encode("cp1252")
    assert decode_csv(content) == "Name,Note\nJosé,Café\n"
    assert load(content, "csv") == (["Name", "Note"], [(2, ["José", "Café"])])
    with pytest.raises(NotUtf8):
        load(content, "csv", fallback=None)


def test_an_xlsx_workbook_gives_its_dates_as_iso_days_and_its_numbers_as_written():
    content = xlsx(["Employee e-mail", "Work date", "Hours"],
                   ["ana@example.com", datetime.date(2026, 3, 31), 7.25],
                   [None, None, None],
                   ["bo@example.com", datetime.datetime(2026, 4, 1), 8.0])
    assert is_xlsx(content)
    assert load(content, "xlsx") == (["Employee e-mail", "Work date", "Hours"], [
        (2, ["ana@example.com", "2026-03-31", "7.25"]),
        (4, ["bo@example.com", "2026-04-01", "8"]),
    ])


def test_a_damaged_xlsx_or_a_ragged_csv_is_unreadable():
    content = xlsx(["E-mail"], ["ana@example.com"])
    with pytest.raises(UnreadableSheet):
        load(content[: len(content) // 2], "xlsx")
    with pytest.raises(UnreadableSheet):
        load(b"E-mail,Hours\nana@example.com,8,extra\n", "csv")
