"""The RAPIDS validation screen in Chromium: the sponsor admin opens it, follows the link next to a missing
field, fixes it on the demographics page, comes back to a clean report and downloads the CSV."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def agency_demo(demo):
    from agency.demo import incomplete_enrollment
    from programs.models import Sponsor
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook", "rti", "apprentices", "agency")
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return incomplete_enrollment(Sponsor.objects.get(slug="keystone"))


def test_fix_a_missing_field_through_the_link_then_download_the_csv(agency_demo, open_page, sign_in):
    incomplete = agency_demo
    page = open_page()
    sign_in(page, "admin@keystone.example")
    page.goto("/keystone/agency/rapids/")
    report = page.locator("#validation-report")
    expect(report).to_contain_text(incomplete.full_name)
    expect(report).to_contain_text("date_of_birth")
    expect(page.locator("#export-summary")).to_contain_text("1 held back")

    report.get_by_role("link", name="Demographics").first.click()
    expect(page).to_have_url(re.compile(rf"/keystone/apprentices/{incomplete.pk}/demographics/$"))
    page.get_by_label("Date of birth", exact=True).fill("1999-04-17")
    page.get_by_label("Street address").fill("48 Front Street")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The answers were saved.")).to_be_visible()

    page.goto("/keystone/agency/rapids/")
    expect(page.locator("#validation-report")).to_have_count(0)
    expect(page.locator("#export-summary")).to_contain_text("0 held back")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Download the CSV")).click()
    download = download_info.value
    assert download.suggested_filename.startswith("rapids-") and download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    (fixed,) = [row for row in rows if f"{row['first_name']} {row['last_name']}" == incomplete.full_name]
    assert (fixed["date_of_birth"], fixed["address"], fixed["ssn"]) == ("19990417", "48 Front Street", "")
    assert all(row["ssn"] == "" for row in rows)

    page.goto("/keystone/compliance/")
    expect(page.locator("#agency")).to_contain_text("Every status change has been sent to the agency.")
