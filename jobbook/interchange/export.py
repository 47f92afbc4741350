"""Job Book content written as a file: JSON (complete) or CSV (one row per skill)."""

import csv
import io
import json

from jobbook.interchange.formats import CSV_COLUMNS, FORMAT, spreadsheet_cell


def export_json(version, content):
    book = version.job_book
    return json.dumps({
        "format": FORMAT,
        "format_version": 1,
        "job_book": book.name,
        "employer": book.employer.name,
        "program": book.program.name,
        "version": version.number,
        "status": version.status,
        "competencies": [
            {
                "key": c["key"], "name": c["name"], "description": c["description"],
                "target_hours": c["target_hours"], "minimum_hours": c["minimum_hours"],
                "skills": c["skills"],
            }
            for c in content
        ],
    }, indent=2, ensure_ascii=False)


def export_csv(content):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in content:
        skills = c["skills"] or [{"name": "", "description": "", "key": ""}]
        for skill in skills:
            writer.writerow([spreadsheet_cell(cell) for cell in (
                c["name"], c["target_hours"], "" if c["minimum_hours"] is None else c["minimum_hours"],
                skill["name"], c["description"], skill["description"], c["key"], skill["key"],
            )])
    return out.getvalue()
