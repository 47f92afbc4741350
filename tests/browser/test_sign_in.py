"""Every demo user signs in through the login form and lands on their own sponsor's dashboard."""

import re

import pytest
from playwright.sync_api import expect

from programs.demo import LOCAL_PARTS, SPONSORS

pytestmark = pytest.mark.browser

DEMO_SIGN_INS = [
    pytest.param(f"{LOCAL_PARTS[role]}@{sponsor['slug']}.example", sponsor, role, id=f"{sponsor['slug']}-{role}")
    for sponsor in SPONSORS
    for role in sponsor["people"]
]
KEYSTONE, LAKESHORE = SPONSORS


@pytest.mark.parametrize(("email", "sponsor", "role"), DEMO_SIGN_INS)
def test_demo_user_signs_in_to_their_dashboard(page, sign_in, email, sponsor, role, live_server):
    sign_in(page, email)

    expect(page).to_have_url(f"{live_server.url}/{sponsor['slug']}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(sponsor["name"])
    expect(page.locator("main")).to_contain_text(str(role.label))
    expect(page.locator("#account-menu")).to_contain_text(sponsor["people"][role])


def test_member_of_two_sponsors_picks_one_then_switches(page, sign_in, live_server):
    sign_in(page, "multi@demo.example")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a sponsor")
    page.get_by_role("link", name=re.compile(KEYSTONE["name"])).click()
    expect(page).to_have_url(f"{live_server.url}/keystone/")
    expect(page.get_by_role("heading", level=1)).to_have_text(KEYSTONE["name"])

    page.get_by_role("button", name="Switch sponsor").click()
    page.locator(".dropdown-menu.show").get_by_role("link", name=re.compile(LAKESHORE["name"])).click()
    expect(page).to_have_url(f"{live_server.url}/lakeshore/")
    expect(page.get_by_role("heading", level=1)).to_have_text(LAKESHORE["name"])
    expect(page.locator("main")).to_contain_text("Sponsor admin")


def test_apprentice_on_a_phone_opens_the_collapsed_menu(phone_page, sign_in, live_server):
    page = phone_page
    sign_in(page, "apprentice@keystone.example")

    expect(page).to_have_url(f"{live_server.url}/keystone/")
    dashboard_link = page.locator("#nav-main").get_by_role("link", name="Dashboard")
    toggler = page.get_by_role("button", name="Menu")
    expect(toggler).to_be_visible()
    expect(dashboard_link).to_be_hidden()
    toggler.click()
    expect(dashboard_link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("width", [1200, 1280, 1440])
def test_the_sponsor_admins_long_menu_wraps_instead_of_widening_the_page(page, sign_in, live_server, width):
    """The sponsor admin has the most menu entries; on a laptop screen they take two lines rather than
    pushing the account menu off the side of the page."""
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, "admin@keystone.example")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator("#account-menu")).to_be_in_viewport()
