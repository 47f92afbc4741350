"""An instructor records a section's results; the apprentice uploads a certificate; the sponsor admin verifies it."""

import datetime
import re

import pytest
from django_scopes import scopes_disabled

from imt.permissions import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def section_to_grade(demo):
    """Demo sponsors, RTI and credentials, and a current Digital Literacy section: three apprentices, no results."""
    from imt.models import User
    from programs.models import Membership
    from rti import services
    from rti.models import Course, Provider, Section
    from tests.conftest import seed_demo_data


    seed_demo_data("programs", "jobbook", "rti", "credentials")  # only the apps this story needs
    with scopes_disabled():
        tyler = Membership.objects.get(user__email="apprentice@keystone.example")
        people = [tyler] + [
            Membership.objects.create(
                user=User.objects.create_user(f"{first.lower()}@example.com", "x", full_name=f"{first} Demo"),
                sponsor=tyler.sponsor, role=Role.APPRENTICE, employer=tyler.employer,
            )
            for first in ("Avery", "Blake")
        ]
        today = datetime.date.today()
        section = Section.objects.create(
            sponsor=tyler.sponsor, course=Course.objects.get(sponsor=tyler.sponsor, name="Digital Literacy"),
            provider=Provider.objects.filter(sponsor=tyler.sponsor).first(), mode=Section.Mode.ONLINE,
            starts_on=today - datetime.timedelta(days=20), ends_on=today, schedule="Evening refresher",
            instructor=Membership.objects.get(user__email="instructor@keystone.example"),
        )
        admin = Membership.objects.get(user__email="admin@keystone.example", sponsor=tyler.sponsor)
        services.section_enroll(section=section, apprentices=people, by=admin)
        return section


def sign_out(page):
    page.context.clear_cookies()


def test_results_then_certificate_upload_then_verification_then_transcript(
    page, sign_in, section_to_grade, tmp_path
):
    from rti.demo import DEMO_PDF

    # The instructor records the whole section in the grid.
    sign_in(page, "instructor@keystone.example")
    page.get_by_role("link", name="RTI", exact=True).click()
    page.get_by_role("row", name=re.compile("Digital Literacy")).filter(has_text="Evening refresher") \
        .get_by_role("link", name="Results").click()
    page.get_by_role("button", name=re.compile("Fill empty hours")).click()
    today = datetime.date.today().isoformat()
    for row in page.locator("tbody tr").all():
        row.locator("select[name$='grade']").select_option("pass")
        row.locator("input[name$='completed_on']").fill(today)
    page.get_by_role("button", name="Save results").click()
    page.get_by_text("Results saved for 3 apprentice(s).").wait_for()
    assert page.locator("input[name$='attended_hours']").first.input_value() == "8.0"
    sign_out(page)

    # The apprentice renews First Aid/CPR with a certificate PDF.
    certificate = tmp_path / "first-aid-cpr.pdf"
    certificate.write_bytes(DEMO_PDF)
    sign_in(page, "apprentice@keystone.example")
    page.get_by_role("link", name="My transcript", exact=True).click()
    assert page.get_by_role("cell", name="Digital Literacy").first.is_visible()
    page.get_by_role("link", name="Record a credential").click()
    page.locator("select[name=credential_type]").select_option(label="First Aid/CPR (valid 2 years)")
    page.locator("input[name=earned_on]").fill(today)
    page.locator("input[name=number]").fill("ARC-2026-0042")
    page.locator("input[name=evidence]").set_input_files(str(certificate))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("First Aid/CPR was recorded.").wait_for()
    sign_out(page)

    # The sponsor admin verifies it (the reviewer only reads credentials).
    sign_in(page, "admin@keystone.example")
    page.get_by_role("link", name="Credentials", exact=True).click()
    page.get_by_role("link", name="Not verified").click()
    row = page.get_by_role("row").filter(has_text="ARC-2026-0042")
    with page.context.expect_page() as evidence_tab:
        row.get_by_role("link", name=re.compile("Evidence")).click()
    assert evidence_tab.value.url.endswith("/evidence/")
    evidence_tab.value.close()
    row.get_by_role("button", name=re.compile("Verify")).click()
    page.get_by_text("First Aid/CPR of Tyler Nguyen is verified.").wait_for()

    # The transcript shows it, verified by the sponsor admin.
    with scopes_disabled():
        tyler_pk = section_to_grade.enrollments.get(apprentice__user__email="apprentice@keystone.example").apprentice_id
    page.goto(f"/keystone/records/{tyler_pk}/")
    row = page.get_by_role("row").filter(has_text="ARC-2026-0042")
    assert "Karen Whitfield" in row.inner_text()
    assert page.get_by_role("cell", name="Blueprint Reading", exact=True).first.is_visible()
    assert page.get_by_role("cell", name="OSHA 10-Hour General Industry", exact=True).is_visible()
