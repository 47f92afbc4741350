"""On a phone the preview's columns scroll off the screen: each refused row lists its errors, column by
column, in the cell next to its number."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.imports.conftest import csv_file, row

pytestmark = pytest.mark.django_db


def test_a_refused_row_lists_every_error_with_its_column_in_the_what_cell(admin, upload):
    page = upload(admin, csv_file([row(1, zip="1", state="Pennsylvania")])).content.decode()
    listed = page.split('class="d-md-none list-unstyled', 1)[1].split("</ul>", 1)[0]
    assert "<strong>State:</strong> " + escape("Write the two-letter state code, e.g. PA.") in listed
    assert "<strong>ZIP code:</strong> Write a 5-digit ZIP code" in listed


def test_the_earlier_imports_status_badge_wraps_instead_of_being_cut_off(admin, upload, client_for, world):
    upload(admin, csv_file([row(1)]))
    page = client_for(admin.user).get(reverse("roster_import_upload", args=[world.a.slug])).content.decode()
    badge = page.split("Earlier imports", 1)[1].split('<span class="badge', 1)[1].split(">", 1)[0]
    assert "text-wrap" in badge and "Waiting for confirmation" in page
