"""Reading the reports back: a table of a page, and the same table from its CSV and XLSX downloads."""

import csv
import io

import openpyxl
from django.urls import reverse


def rollup_table(client, slug, key, **params):
    response = client.get(reverse("report_rollup", args=[slug]), params)
    assert response.status_code == 200
    return next(section["table"] for section in response.context["sections"] if section["table"].key == key)


def status_figures(table):
    return {row[0]: row[1] for row in table.rows}


def csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
