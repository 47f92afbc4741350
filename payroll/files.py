"""Reading a payroll or time-clock export with tablib: CSV or XLSX, the first row its headers, each cell
as text.  Dates and hours are read here too, as the employer's mapping says."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from imt import spreadsheets
from payroll.models import DATE_PATTERNS

MAX_FILE_BYTES = 2 * 1024 * 1024  # a year of daily hours for a hundred apprentices is well under this
MAX_ROWS = 5000
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line in the spreadsheet, header → the cell as text)


def file_format(name: str, head: bytes) -> str:
    """"csv" or "xlsx", from the file's name and, for XLSX, its first bytes (a zip archive)."""
    lowered = name.lower()
    found = next((fmt for ext, fmt in FORMATS.items() if lowered.endswith(ext)), None)
    if found is None:
        raise ValidationError(_("Upload a CSV or XLSX file (.csv or .xlsx)."), code="format")
    if found == "xlsx" and not spreadsheets.is_xlsx(head):
        raise ValidationError(_("This file is not a real XLSX workbook. Save it again from your spreadsheet."),
                              code="format")
    return found


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_sheet(content: bytes, fmt: str) -> Sheet:
    """The file's header row and data rows (blank rows left out).  ValidationError when tablib cannot read
    it, when it has no header row or no data, a header is empty or repeated, or it has too many rows."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("This file is over 2 MB. Split it into smaller files (a month at a time, say)."),
                              code="size")
    try:
        headers, numbered = spreadsheets.load(content, fmt, fallback="cp1252")  # what Windows saves as "CSV"
    except spreadsheets.UnreadableSheet:
        raise ValidationError(_("This file could not be read as %(format)s. Save it again from your spreadsheet "
                                "or payroll system and upload that.") % {"format": fmt.upper()},
                              code="unreadable") from None
    if not any(headers):
        raise ValidationError(_("The file's first row must name its columns (e-mail, date, hours …)."),
                              code="headers")
    if "" in headers:
        raise ValidationError(_("Every column needs a name in the first row; column %(n)s has none.")
                              % {"n": headers.index("") + 1}, code="headers")
    if len(set(headers)) != len(headers):
        repeated = next(h for h in headers if headers.count(h) > 1)
        raise ValidationError(_("Two columns are named “%(name)s”; rename one.") % {"name": repeated},
                              code="headers")
    # Blank rows (a spreadsheet's trailing lines) are left out by `load`; numbering keeps their lines.
    rows = [(number, dict(zip(headers, cells, strict=False))) for number, cells in numbered]
    if not rows:
        raise ValidationError(_("The file has a header row but no rows of hours."), code="empty")
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("The file has %(n)s rows; import at most %(max)s at a time.")
                              % {"n": len(rows), "max": MAX_ROWS}, code="rows")
    return Sheet(headers=headers, rows=rows)


def guess_date_format(texts: list[str]) -> str | None:
    """The one format (payroll.models.DateFormat) that reads every one of `texts`, the first that does
    when several do ("03/04/2026" reads both ways: month first, as most US payroll exports write it);
    None when none reads them all."""
    texts = [t.strip().split(" ")[0].split("T")[0] for t in texts if t.strip()]
    if not texts:
        return None
    for date_format, pattern in DATE_PATTERNS.items():
        try:
            for text in texts:
                datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return str(date_format)
    return None


def parse_date(text: str, date_format: str) -> datetime.date | None:
    """The day `text` names in `date_format`, or in ISO (how a spreadsheet's date cells are read); None
    when it names none.  A time after the day ("3/31/2026 0:00") is ignored."""
    first = text.strip().split(" ")[0].split("T")[0]
    for pattern in (DATE_PATTERNS[date_format], "%Y-%m-%d"):  # type: ignore[index]
        try:
            return datetime.datetime.strptime(first, pattern).date()
        except ValueError:
            continue
    return None
