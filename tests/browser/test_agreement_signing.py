"""The apprenticeship agreement in Chromium: the apprentice finds it on their dashboard, opens it,
signs it with their password, and the enrollment shows it pending with one signature of three."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
# A directory to keep screenshots of the pages in (to look at them), when set.
SCREENSHOTS = os.environ.get("IMT_SCREENSHOTS", "")


@pytest.fixture
def enrolled(demo):
    from apprentices.services import enrollment_create
    from imt.permissions import Role
    from jobbook.models import JobBookVersion
    from programs.models import Membership
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook")
    with scopes_disabled():
        apprentice = Membership.objects.get(user__email="apprentice@keystone.example", sponsor__slug="keystone")
        mentor = Membership.objects.get(user__email="mentor@keystone.example", sponsor__slug="keystone")
        admin = Membership.objects.get(user__email="employer@keystone.example", sponsor__slug="keystone",
                                       role=Role.EMPLOYER_ADMIN)
        version = JobBookVersion.objects.filter(job_book__employer=apprentice.employer, status="published").first()
        # Committed at once (the live server's database): the agreement is produced when it commits.
        return enrollment_create(
            sponsor=apprentice.sponsor, by=admin.user, program=version.job_book.program, employer=apprentice.employer,
            job_book_version=version, apprentice=apprentice, mentors=[mentor],
            start_date=timezone.localdate() - datetime.timedelta(days=3),
        )


def test_the_apprentice_signs_their_agreement(enrolled, page, sign_in):
    sign_in(page, "apprentice@keystone.example")
    page.goto("/keystone/")
    panel = page.get_by_role("region", name=re.compile("waiting for your signature"))
    expect(panel).to_be_visible()
    panel.get_by_role("link", name=enrolled.full_name).click()
    expect(page.get_by_role("heading", name="Apprenticeship agreement", exact=True)).to_be_visible()
    expect(page.get_by_text("Pending (0 of 3 signed)")).to_be_visible()

    page.get_by_role("button", name="Sign the agreement").click()  # neither ticked nor password
    expect(page.get_by_text("Tick the box to say you agree to the terms.")).to_be_visible()
    page.get_by_label("I have read this agreement and agree to its terms.").check()
    page.get_by_label("Your password").fill("demo-pass-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_text("You signed the agreement as the apprentice.")).to_be_visible()
    expect(page.get_by_text("Pending (1 of 3 signed)")).to_be_visible()
    expect(page.locator("[data-party=apprentice]")).to_contain_text("signed by")
    expect(page.get_by_role("button", name="Sign the agreement")).to_have_count(0)

    page.goto(f"/keystone/apprentices/{enrolled.pk}/")
    expect(page.locator("#agreement-status")).to_contain_text("pending (1 of 3 signed)")
    pdf = page.request.get(f"/keystone/apprentices/{enrolled.pk}/agreement/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    if SCREENSHOTS:
        page.goto(f"/keystone/apprentices/{enrolled.pk}/agreement/")
        page.screenshot(path=f"{SCREENSHOTS}/agreement.png", full_page=True)
        page.goto(f"/keystone/apprentices/{enrolled.pk}/")
        page.screenshot(path=f"{SCREENSHOTS}/enrollment.png")
        (Path(SCREENSHOTS) / "agreement.pdf").write_bytes(pdf.body())
