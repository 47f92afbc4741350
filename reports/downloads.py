"""A report's table as a CSV or an XLSX file (openpyxl), the same figures the page shows.

Text cells never become formulas: in the CSV a cell that a spreadsheet would read as a formula
(starting with = + - @ or a tab or carriage return) gets a leading apostrophe; in the XLSX every text
cell is written as text whatever it starts with.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.tables import Cell, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_text(c) for c in table.columns])
    writer.writerows([csv_text(cell) for cell in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode()  # the BOM lets spreadsheets read UTF-8 names


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.key[:31]
    lines: list[list[Cell]] = [list(table.columns), *table.rows]
    for row_number, row in enumerate(lines, start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = float(value) if isinstance(value, Decimal) else value
            if isinstance(value, str):
                cell.data_type = "s"  # text, even if it starts with "="
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            if row_number == 1:
                cell.font = Font(bold=True)
    for column_number, title in enumerate(table.columns, start=1):
        width = max([len(str(title)), *(len(csv_text(row[column_number - 1])) for row in table.rows)])
        sheet.column_dimensions[sheet.cell(row=1, column=column_number).column_letter].width = min(width + 2, 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(table: Table, file_format: str, name: str) -> HttpResponse:
    """The table as an attachment `name`.csv or `name`.xlsx."""
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    else:
        file_format = "csv"
        response = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
