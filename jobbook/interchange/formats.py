"""What a Job Book file looks like: its limits, its CSV columns, and the cells a spreadsheet would run."""

import re

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500
MAX_COMPETENCIES = 100
MAX_HOURS = 3000
MAX_ERRORS = 20
# A Job Book file nests five deep: the file, its competencies, a competency, its skills, a skill.
MAX_DEPTH = 8
# Hours have at most four digits; a number of more than this many is refused before it is converted.
MAX_DIGITS = 9
FORMAT = "imt-job-book"
KEY = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

CSV_COLUMNS = [
    "competency", "competency_hours", "minimum_hours", "skill",
    "competency_description", "skill_description", "competency_key", "skill_key",
]
CSV_REQUIRED = ["competency", "competency_hours", "skill"]
LINE = "__line__"
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP's "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A CSV cell that a spreadsheet shows as text: a leading single quote before anything it would
    otherwise run as a formula.  Text that already starts with quotes before such a character gets one
    more, so that importing the file (`from_spreadsheet_cell`, which takes one off) gives it back as it was."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def from_spreadsheet_cell(value):
    """The text of a cell written by `spreadsheet_cell`: one leading quote off, and only before a
    formula character; any other quote is the author's and stays."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value

