"""Reading an uploaded Job Book file: every problem with the line and field it is on, or the content."""

import csv
import io
import json
import json.decoder
import json.scanner
import math
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jobbook.interchange.formats import (
    CSV_COLUMNS,
    CSV_REQUIRED,
    KEY,
    LINE,
    MAX_BYTES,
    MAX_COMPETENCIES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_ERRORS,
    MAX_HOURS,
    MAX_ROWS,
    from_spreadsheet_cell,
)


class Problems:
    def __init__(self):
        self.messages = []

    def add(self, message):
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(message)

    def raise_if_any(self):
        if self.messages:
            raise ValidationError(self.messages)


def parse_book_file(data, filename=""):
    """The content of an uploaded Job Book file (bytes), or ValidationError naming each bad line and field."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s KB; a Job Book file may be at most %(max)s KB.")
            % {"size": len(data) // 1024, "max": MAX_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not a JSON or CSV text file (it is not UTF-8 text).")) from None
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    name = filename.lower()
    if name.endswith(".json") or (not name.endswith(".csv") and text.lstrip()[:1] in "{["):
        return _parse_json(text)
    if name.endswith(".csv") or "," in text.splitlines()[0]:
        return _parse_csv(text)
    raise ValidationError(_("The file is neither JSON nor CSV. Export a Job Book to see both formats."))


class HugeNumber:
    """A number in a file with more digits than any hours have (or beyond what a float holds), kept as
    its text: converting it could take long or fail, and only its size matters."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def _json_int(text):
    return HugeNumber(text) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def _json_float(text):
    value = float(text)
    return value if math.isfinite(value) and abs(value) < 10 ** MAX_DIGITS else HugeNumber(text)


def _shown(value, limit=20):
    """A value as an error message quotes it: a long one cut short."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _hours(value, where, field, problems, required=True):
    """Whole, non-negative hours up to the maximum, from a JSON number or a CSV cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(_("%(where)s, field “%(field)s”: enter the hours.") % {"where": where, "field": field})
        return None
    cell = re.fullmatch(r"\s*(-?)(\d+)(\.0+)?\s*", value) if isinstance(value, str) else None
    if isinstance(value, HugeNumber) or (cell and len(cell.group(2)) > MAX_DIGITS):
        text = str(value).strip()
        problems.add(
            (_("%(where)s, field “%(field)s”: hours cannot be negative (%(value)s).") if text.startswith("-") else
             _("%(where)s, field “%(field)s”: %(value)s hours is more than the %(max)s a program may require."))
            % {"where": where, "field": field, "value": _shown(text), "max": MAX_HOURS}
        )
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif cell:
        number = int(cell.group(1) + cell.group(2))
    else:
        number = None
    if number is None:
        problems.add(
            _("%(where)s, field “%(field)s”: “%(value)s” is not a whole number of hours.")
            % {"where": where, "field": field, "value": _shown(value)}
        )
        return None
    if number < 0:
        problems.add(
            _("%(where)s, field “%(field)s”: hours cannot be negative (%(value)s).")
            % {"where": where, "field": field, "value": number}
        )
        return None
    if number > MAX_HOURS:
        problems.add(
            _("%(where)s, field “%(field)s”: %(value)s hours is more than the %(max)s a program may require.")
            % {"where": where, "field": field, "value": number, "max": MAX_HOURS}
        )
        return None
    return number


def _text(value, where, field, problems, required=False, limit=300):
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(_("%(where)s, field “%(field)s”: expected text.") % {"where": where, "field": field})
        return ""
    value = value.strip()
    if required and not value:
        problems.add(_("%(where)s, field “%(field)s”: this cannot be empty.") % {"where": where, "field": field})
    if limit and len(value) > limit:
        problems.add(
            _("%(where)s, field “%(field)s”: longer than %(limit)s characters.")
            % {"where": where, "field": field, "limit": limit}
        )
    return value


def _key(value, where, field, problems, seen):
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not KEY.match(value):
        problems.add(
            _("%(where)s, field “%(field)s”: a key is 1–32 letters, digits, “-” or “_”.")
            % {"where": where, "field": field}
        )
        return ""
    if value in seen:
        problems.add(
            _("%(where)s, field “%(field)s”: the key “%(key)s” is used twice.")
            % {"where": where, "field": field, "key": value}
        )
        return ""
    seen.add(value)
    return value


def _check_minimum(competency, where, problems):
    minimum, target = competency["minimum_hours"], competency["target_hours"]
    if minimum is not None and target is not None and minimum > target:
        problems.add(
            _("%(where)s, field “minimum_hours”: the minimum (%(minimum)s) is more than the target (%(target)s).")
            % {"where": where, "minimum": minimum, "target": target}
        )


# JSON ----------------------------------------------------------------------


def _too_deep(text):
    """Whether arrays and objects nest deeper than MAX_DEPTH, found without parsing (a parser would
    recurse once per level).  Brackets inside strings do not count."""
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif bracket in ("]", "}"):
            depth -= 1
    return False


def _json_with_lines(text):
    """json.loads that records, in every object, the line it starts on (under LINE), and keeps numbers
    too large for hours as HugeNumber."""
    decoder = json.JSONDecoder(parse_int=_json_int, parse_float=_json_float)

    def parse_object(s_and_end, *args):
        obj, end = json.decoder.JSONObject(s_and_end, *args)
        s, start = s_and_end
        obj[LINE] = s.count("\n", 0, start) + 1
        return obj, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


def _name_once(name, line, seen, problems, where, message):
    """Note that `name` is used on `line`; a second use of it (whatever the case) is a problem, told by `message`."""
    folded = name.casefold()
    if folded and folded in seen:
        problems.add(message % {"where": where, "name": name, "other": seen[folded]})
    seen[folded] = line


def _parse_json(text):
    if _too_deep(text):
        raise ValidationError(
            _("The file nests lists and objects more than %(max)s deep; a Job Book file nests 5 deep. "
              "Export a Job Book to see one.") % {"max": MAX_DEPTH}
        )
    try:
        data = _json_with_lines(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("The file is not valid JSON: line %(line)s, column %(column)s: %(message)s.")
            % {"line": error.lineno, "column": error.colno, "message": error.msg}
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("competencies"), list):
        raise ValidationError(
            _("Line 1: a Job Book JSON file is an object with a “competencies” list. Export a Job Book to see one.")
        )
    items = data["competencies"]
    problems = Problems()
    if len(items) > MAX_COMPETENCIES:
        raise ValidationError(
            _("The file has %(n)s competencies; at most %(max)s are allowed.")
            % {"n": len(items), "max": MAX_COMPETENCIES}
        )
    if not items:
        raise ValidationError(_("Line %(line)s: the “competencies” list is empty.") % {"line": data[LINE]})
    skill_count = sum(len(c["skills"]) for c in items if isinstance(c, dict) and isinstance(c.get("skills"), list))
    if skill_count > MAX_ROWS:
        raise ValidationError(
            _("The file has %(n)s skills; at most %(max)s are allowed.") % {"n": skill_count, "max": MAX_ROWS}
        )
    content, names, competency_keys, skill_keys = [], {}, set(), set()
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.add(_("Competency %(n)s: expected an object with a name, hours and skills.") % {"n": index})
            continue
        where = _("Line %(line)s (competency %(n)s)") % {"line": item[LINE], "n": index}
        competency = {
            "key": _key(item.get("key"), where, "key", problems, competency_keys),
            "name": _text(item.get("name"), where, "name", problems, required=True),
            "description": _text(item.get("description"), where, "description", problems, limit=5000),
            "target_hours": _hours(item.get("target_hours"), where, "target_hours", problems),
            "minimum_hours": _hours(item.get("minimum_hours"), where, "minimum_hours", problems, required=False),
            "skills": [],
        }
        _check_minimum(competency, where, problems)
        _name_once(competency["name"], item[LINE], names, problems, where, _(
            "%(where)s, field “name”: “%(name)s” is already the name of the competency on line %(other)s."
        ))
        skills = item.get("skills") or []
        if not isinstance(skills, list):
            problems.add(_("%(where)s, field “skills”: expected a list.") % {"where": where})
            skills = []
        skill_names = {}
        for number, skill in enumerate(skills, start=1):
            if not isinstance(skill, dict):
                problems.add(
                    _("%(where)s, skill %(n)s: expected an object with a name.") % {"where": where, "n": number}
                )
                continue
            skill_where = _("Line %(line)s (skill %(n)s of competency %(c)s)") % {
                "line": skill[LINE], "n": number, "c": index,
            }
            parsed = {
                "key": _key(skill.get("key"), skill_where, "key", problems, skill_keys),
                "name": _text(skill.get("name"), skill_where, "name", problems, required=True),
                "description": _text(skill.get("description"), skill_where, "description", problems, limit=5000),
            }
            _name_once(parsed["name"], skill[LINE], skill_names, problems, skill_where, _(
                "%(where)s, field “name”: “%(name)s” is listed twice in this competency (also line %(other)s)."
            ))
            competency["skills"].append(parsed)
        content.append(competency)
    problems.raise_if_any()
    return content


# CSV -----------------------------------------------------------------------


def _column(name):
    return re.sub(r"[\s-]+", "_", (name or "").strip().lower())


def _parse_csv(text):
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise ValidationError(_("The file is not valid CSV: %(message)s.") % {"message": error}) from None
    header = [_column(cell) for cell in rows[0]]
    missing = [column for column in CSV_REQUIRED if column not in header]
    if missing:
        raise ValidationError(
            _("Line 1: missing column(s) %(missing)s. The first line must name the columns: %(columns)s.")
            % {"missing": ", ".join(f"“{m}”" for m in missing), "columns": ", ".join(CSV_COLUMNS)}
        )
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    if len(body) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(n)s rows; at most %(max)s are allowed.") % {"n": len(body), "max": MAX_ROWS}
        )
    if not body:
        raise ValidationError(_("The file has a header line but no rows."))
    problems = Problems()
    by_name, content, competency_keys, skill_keys = {}, [], set(), set()
    for number, row in body:
        if len(row) > len(header):
            problems.add(_("Line %(line)s: more cells than columns.") % {"line": number})
            continue
        row = [from_spreadsheet_cell(cell) for cell in row]
        cells = dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
        where = _("Line %(line)s") % {"line": number}
        name = _text(cells.get("competency"), where, "competency", problems, required=True)
        target = _hours(cells.get("competency_hours"), where, "competency_hours", problems)
        minimum = _hours(cells.get("minimum_hours"), where, "minimum_hours", problems, required=False)
        folded = name.casefold()
        competency = by_name.get(folded)
        if competency is None:
            competency = {
                "key": _key(cells.get("competency_key"), where, "competency_key", problems, competency_keys),
                "name": name, "description": _text(cells.get("competency_description"), where,
                                                   "competency_description", problems, limit=5000),
                "target_hours": target, "minimum_hours": minimum, "skills": [], LINE: number, "skill_names": {},
            }
            _check_minimum(competency, where, problems)
            if name:
                by_name[folded] = competency
                content.append(competency)
        elif target is not None and competency["target_hours"] is not None and target != competency["target_hours"]:
            problems.add(
                _("%(where)s, field “competency_hours”: %(value)s differs from %(first)s on line %(line)s "
                  "for the same competency.")
                % {"where": where, "value": target, "first": competency["target_hours"], "line": competency[LINE]}
            )
        skill = (cells.get("skill") or "").strip()
        if not skill:
            continue
        if len(skill) > 300:
            problems.add(_("%(where)s, field “skill”: longer than 300 characters.") % {"where": where})
        if skill.casefold() in competency["skill_names"]:
            problems.add(
                _("%(where)s, field “skill”: “%(name)s” is listed twice under “%(competency)s” (also line %(other)s).")
                % {"where": where, "name": skill, "competency": competency["name"],
                   "other": competency["skill_names"][skill.casefold()]}
            )
            continue
        competency["skill_names"][skill.casefold()] = number
        competency["skills"].append({
            "key": _key(cells.get("skill_key"), where, "skill_key", problems, skill_keys),
            "name": skill,
            "description": _text(cells.get("skill_description"), where, "skill_description", problems, limit=5000),
        })
    problems.raise_if_any()
    for competency in content:
        del competency[LINE], competency["skill_names"]
    return content
