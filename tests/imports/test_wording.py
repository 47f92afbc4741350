"""What the import's pages say: plurals, an import with nothing to import, the outcome after importing,
and the re-upload notice's time in the page's local time."""

import datetime

import pytest
import time_machine
from django_scopes import scopes_disabled

from imports.models import RosterImport
from tests.imports.conftest import csv_file, row
from tests.imports.test_confirm import confirm  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def the_import():
    with scopes_disabled():
        return RosterImport.objects.order_by("-pk").first()


def test_one_row_is_said_in_the_singular(admin, upload):
    page = upload(admin, csv_file([row(1)])).content.decode()
    assert "· 1 row" in page
    assert "1 rows" not in page


def test_an_import_with_every_row_refused_says_there_is_nothing_to_import(admin, upload):
    page = upload(admin, csv_file([row(1, employer="Nowhere"), row(2, program="Welding")])).content.decode()
    assert the_import().status == RosterImport.Status.NOTHING
    assert "Nothing to import" in page and "Waiting for confirmation" not in page
    assert "Import 0 rows" not in page


def test_after_importing_the_counters_show_the_outcome(admin, upload, confirm):  # noqa: F811
    upload(admin, csv_file([row(1), row(2), row(3, employer="Nowhere")]))
    page = confirm(admin, the_import()).content.decode()
    assert "to create" not in page and "refused</li>" not in page
    assert 'text-bg-success">2</span> enrolled' in page
    assert 'text-bg-danger">0</span> failed' in page


def test_the_re_upload_notice_gives_the_time_as_the_page_does(admin, upload):
    content = csv_file([row(1)])
    with time_machine.travel(datetime.datetime(2026, 11, 30, 20, 5, tzinfo=datetime.UTC), tick=False):
        upload(admin, content)
        page = upload(admin, content).content.decode()
    # 20:05 UTC is 3:05 p.m. in New York, the site's time zone.
    assert "This file was uploaded on Nov. 30, 2026, 3:05 p.m." in page
