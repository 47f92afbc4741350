"""Reading an uploaded roster file into rows of text cells, with tablib (CSV and XLSX; tablib reads
XLSX with openpyxl).  Refuses, with a message for the person who uploaded it, a file that is too
large, of another type, unreadable, without the required headers or with too many rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from imports.columns import COLUMNS, REQUIRED, column_for
from imt import spreadsheets

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class RosterFile:
    name: str
    sha256: str
    format: str
    rows: list[tuple[int, dict[str, str]]]  # (row number as the spreadsheet shows it, cells by column key)
    ignored_headers: list[str]


def file_format(content: bytes) -> str:
    if spreadsheets.is_xlsx(content):
        return "xlsx"
    if b"\x00" in content[:4096]:
        raise ValidationError(_("This is not a CSV or XLSX file. Save the roster as CSV (UTF-8) or as an Excel "
                                "workbook (.xlsx) and upload it again."))
    return "csv"


def read_roster(name: str, content: bytes) -> RosterFile:
    """The rows of a roster file, by column key, empty rows left out; raises ValidationError with one
    message when the file as a whole cannot be used."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is %(size)s; a roster file may be at most %(limit)s.") % {
            "size": filesizeformat(len(content)), "limit": filesizeformat(MAX_BYTES)})
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    kind = file_format(content)
    try:
        headers, table = spreadsheets.load(content, kind, fallback=None)
    except spreadsheets.NotUtf8:
        raise ValidationError(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")) from None
    except spreadsheets.UnreadableSheet:
        raise ValidationError(_("The file could not be read as %(format)s. Check that it is not damaged, that "
                                "every row has as many cells as the header row, and save it again.")
                              % {"format": kind.upper()}) from None
    keys: list[str | None] = []
    ignored = []
    for header in headers:
        column = column_for(header)
        if column is None or column.key in keys:
            ignored.append(header)
            keys.append(None)
        else:
            keys.append(column.key)
    missing = [str(c.label) + f" ({c.key})" for c in REQUIRED if c.key not in keys]
    if missing:
        raise ValidationError(_("The header row lacks these columns: %(missing)s. Download the template to see "
                                "the header row a roster file needs.") % {"missing": ", ".join(missing)})
    rows = []
    for index, texts in table:
        cells = {key: text for key, text in zip(keys, texts, strict=False) if key}
        if any(cells.values()):  # a row with text only under ignored headers is blank to the roster
            rows.append((index, cells))
    if not rows:
        raise ValidationError(_("The file has a header row but no apprentices under it."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("The file has %(rows)s rows; one import takes at most %(limit)s. Split it into "
                                "several files.") % {"rows": number_format(len(rows), force_grouping=True),
                                                     "limit": number_format(MAX_ROWS, force_grouping=True)})
    return RosterFile(name=name, sha256=hashlib.sha256(content).hexdigest(), format=kind, rows=rows,
                      ignored_headers=[h for h in ignored if h])


def template_file(kind: str, examples: dict[str, str] | None = None) -> bytes:
    """The template: the header row and one example row, as CSV or XLSX; `examples` replaces the
    example of some columns (the sponsor's own program, employer and mentor)."""
    dataset = tablib.Dataset(headers=[c.key for c in COLUMNS], title="Roster")
    dataset.append([(examples or {}).get(c.key, c.example) for c in COLUMNS])
    exported = dataset.export(kind)
    return exported.encode() if isinstance(exported, str) else exported
