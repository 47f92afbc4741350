"""Reading an uploaded spreadsheet (CSV or XLSX) with tablib into a header row and rows of text cells.

The mechanics the roster import (`imports.reading`) and the hours import (`payroll.files`) share: how a
cell becomes text, telling an XLSX workbook by its first bytes, decoding a CSV, and loading the file.
Each app keeps its own limits, its messages for the person who uploaded the file and its mapping of
headers to its columns; this module raises only its own exceptions, with no message meant for a user.
It imports no app."""

from __future__ import annotations

import datetime
import io
import math
from decimal import Decimal
from typing import Final

import tablib

XLSX_MAGIC: Final = b"PK\x03\x04"  # an XLSX workbook is a zip archive

Row = tuple[int, list[str]]  # (row number as the spreadsheet shows it, the cells as text)


class UnreadableSheet(Exception):
    """The file cannot be read as the format it was taken for (damaged, ragged rows, not a workbook …)."""


class NotUtf8(UnreadableSheet):
    """A CSV file that is not UTF-8 text, read with no fallback encoding."""


def cell_text(value: object) -> str:
    """A cell as text, written as a person would: an empty cell "", a date (or a date-time at midnight,
    how a workbook stores a date) its ISO day, a whole number without ".0", another float in plain
    decimal notation (0.00001, not 1e-05), anything else its text without surrounding blanks."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float | Decimal) and _finite(value) and value == int(value):
        return str(int(value))
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def is_xlsx(content: bytes) -> bool:
    """Whether the file starts as an XLSX workbook (a zip archive) does."""
    return content.startswith(XLSX_MAGIC)


def decode_csv(content: bytes, *, fallback: str | None = "cp1252") -> str:
    """A CSV file's text: UTF-8, with or without a byte-order mark; failing that, the `fallback`
    encoding with undecodable bytes replaced (cp1252 is what a spreadsheet on Windows saves as "CSV"),
    or NotUtf8 when there is no fallback."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        if fallback is None:
            raise NotUtf8 from None
        return content.decode(fallback, errors="replace")


def load(content: bytes, fmt: str, *, fallback: str | None = "cp1252") -> tuple[list[str], list[Row]]:
    """The file's header row (its first row) and its data rows, every cell as text; rows whose cells are
    all blank are left out, the others numbered as the spreadsheet shows them (the header row is 1).
    `fmt` is "csv" or "xlsx"; `fallback` is the CSV's encoding when it is not UTF-8 (see decode_csv).
    Raises NotUtf8 (for a CSV without a fallback) or UnreadableSheet when tablib cannot read the file."""
    source: str | io.BytesIO = decode_csv(content, fallback=fallback) if fmt == "csv" else io.BytesIO(content)
    try:
        dataset = tablib.Dataset().load(source, format=fmt)
    except Exception as error:  # tablib and its readers (csv, openpyxl, zipfile) signal a damaged file many ways
        raise UnreadableSheet(f"not readable as {fmt.upper()}: {type(error).__name__}") from error
    headers = [cell_text(header) for header in (dataset.headers or [])]
    rows = []
    for number, values in enumerate(dataset, start=2):
        cells = [cell_text(value) for value in values]
        if any(cells):
            rows.append((number, cells))
    return headers, rows
