"""Job Books as files: JSON (complete) and CSV (one row per skill, for spreadsheets).

`parse_book_file` turns an uploaded file into content (see jobbook.services) or raises one
ValidationError listing every problem with the line and the field it is on; nothing is
half-read.  Writing the content into a draft is `services.version_replace_content`.
"""

from jobbook.interchange.export import export_csv, export_json
from jobbook.interchange.formats import FORMULA_START, MAX_BYTES, from_spreadsheet_cell, spreadsheet_cell
from jobbook.interchange.parsing import parse_book_file

__all__ = [
    "FORMULA_START", "MAX_BYTES", "export_csv", "export_json", "from_spreadsheet_cell", "parse_book_file",
    "spreadsheet_cell",
]
