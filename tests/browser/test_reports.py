"""The sponsor admin reads the roll-up's charts and downloads a table as XLSX; an employer admin sees
only their employer; the apprentice answers the voluntary disability question from the dashboard."""

import io

import openpyxl
import pytest
from django_scopes import scopes_disabled

pytestmark = pytest.mark.browser


@pytest.fixture
def reports_demo(demo):
    from tests.conftest import seed_demo_data

    seed_demo_data("programs", "jobbook", "apprentices", "reports")  # the apps whose records the reports count


def test_the_admin_reads_the_charts_and_downloads_a_table(page, sign_in, reports_demo):
    from apprentices.models import Enrollment

    sign_in(page, "admin@keystone.example")
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("heading", name="Program roll-up").wait_for()
    assert page.get_by_role("img", name="Apprentices by status").is_visible()
    assert page.get_by_role("img", name="OJT hours logged and approved, last 12 months").is_visible()
    section = page.locator("section", has=page.get_by_role("heading", name="Apprentices by status"))
    with page.expect_download() as download:
        section.get_by_role("link", name="XLSX").click()
    rows = list(openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active.values)
    with scopes_disabled():
        total = Enrollment.objects.filter(sponsor__slug="keystone").count()
    assert rows[0] == ("Status", "Apprentices") and ("Total", total) in rows
    assert section.get_by_role("row", name=f"Total {total}").is_visible()


def test_an_employer_admin_sees_their_employer_only(page, sign_in, reports_demo):
    sign_in(page, "employer@keystone.example")
    page.goto("/keystone/reports/")
    assert page.get_by_text("The apprentices of Penn Precision Plastics").is_visible()
    assert page.get_by_role("combobox", name="Employer").count() == 0  # no choice of employer
    assert page.goto("/keystone/reports/part-30/").status == 403


def test_the_apprentice_answers_the_disability_question(page, sign_in, reports_demo):
    from apprentices.models import Demographics

    sign_in(page, "apprentice@keystone.example")
    page.get_by_role("link", name="Voluntary self-identification").click()
    page.get_by_label("I prefer not to answer").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Your answer was saved").wait_for()
    with scopes_disabled():
        assert Demographics.objects.get(enrollment__email="apprentice@keystone.example").disability == "prefer_not"
