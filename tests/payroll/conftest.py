"""An employer admin's payroll files, built as CSV or XLSX, on top of the apprentices' factories."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from payroll import services
from payroll.models import HoursImport
from tests.apprentices.conftest import Factory, days_ago

HEADERS = ["Employee e-mail", "Work date", "Hours", "Competency", "Note"]


def csv_file(rows, headers=HEADERS, name="hours.csv"):
    lines = [",".join(headers)] + [",".join(str(cell) for cell in row) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def xlsx_file(rows, headers=HEADERS, name="hours.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def us(day):
    return day.strftime("%m/%d/%Y")


class PayrollFactory(Factory):
    def __init__(self, world):
        super().__init__(world)
        self.competency_name = self.competency().name

    def row(self, enrollment, hours="8", day=None, competency=None, note=""):
        return [enrollment.email, us(day or days_ago(3)), hours, competency or self.competency_name, note]

    def upload(self, upload, by=None):
        with scope(sponsor=self.sponsor):
            return services.hours_import_upload(by=by or self.employer_admin, upload=upload)

    def map(self, hours_import, by=None, **changes):
        fields = dict(apprentice_column="Employee e-mail", match_by="email", date_column="Work date",
                      date_format="us", hours_column="Hours", competency_column="Competency",
                      default_competency_key="", note_column="Note")
        fields.update(changes)
        with scope(sponsor=self.sponsor):
            services.hours_mapping_save(by=by or self.employer_admin, hours_import=hours_import, **fields)
            return HoursImport.objects.get(pk=hours_import.pk)

    def previewed(self, rows, **changes):
        """An import of `rows` (CSV), mapped (the first time) and previewed."""
        hours_import = self.upload(csv_file(rows))
        if hours_import.status == HoursImport.Status.MAPPING:
            hours_import = self.map(hours_import, **changes)
        return hours_import

    def confirm(self, hours_import, by=None):
        with scope(sponsor=self.sponsor):
            return services.hours_import_confirm(by=by or self.employer_admin, hours_import=hours_import)

    def outcomes(self, hours_import):
        with scope(sponsor=self.sponsor):
            return {row.number: (row.outcome, row.reasons) for row in hours_import.rows.all()}


@pytest.fixture
def make(world):
    return PayrollFactory(world)


__all__ = ["csv_file", "days_ago", "us", "xlsx_file"]
