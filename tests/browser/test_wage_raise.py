"""A raise due, in Chromium: employer@keystone.example sees it on the dashboard, opens the decision page
from the compliance page, signs the confirmation with their password, and the wage page shows the new
rate and its history."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EMPLOYER = "employer@keystone.example"


@pytest.fixture
def due_raise(demo):
    from tests.conftest import seed_demo_data
    from wages.models import RaiseDue

    seed_demo_data("jobbook", "apprentices", "wages")
    with scopes_disabled():
        return (RaiseDue.objects.filter(enrollment__sponsor__slug="keystone", decision__isnull=True,
                                        enrollment__employer__name="Penn Precision Plastics")
                .select_related("enrollment").order_by("-reached_on").first())


def test_the_employer_admin_confirms_a_raise(due_raise, page, sign_in):
    from wages.models import WageDecision

    name = due_raise.enrollment.full_name
    sign_in(page, EMPLOYER)
    panel = page.get_by_role("region", name="raises due")
    expect(panel).to_contain_text(name)
    expect(panel).to_contain_text("overdue")

    page.goto("/keystone/compliance/")
    row = page.locator("#raises tr", has_text=name)
    row.get_by_role("link", name="Decide").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    page.get_by_label("Confirm the raise (your signature)").check()
    page.get_by_label("Your password").fill("wrong-password")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("That password is not right.")).to_be_visible()

    page.get_by_label("Confirm the raise (your signature)").check()
    page.get_by_label("Your password").fill("demo-pass-2026")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("confirmed and signed")
    expect(page.get_by_role("heading", name="Wage history")).to_be_visible()
    expect(page.locator("#current-rate")).to_contain_text("/h")
    with scopes_disabled():
        decision = WageDecision.objects.select_related("signature").get(raise_due=due_raise)
    assert decision.decision == "confirm" and decision.signature.printed_name
    expect(page.get_by_role("table").last).to_contain_text(decision.signature.printed_name)
