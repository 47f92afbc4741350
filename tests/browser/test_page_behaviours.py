"""Behaviour that used to be inline scripts and on… attributes, now static/js/app.js driven by data-
attributes, working in Chromium under the Content-Security-Policy: confirmations, print buttons,
"select all" — and the watch of every browser test (conftest) really seeing what the policy blocks."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN, MENTOR, APPRENTICE = "admin@keystone.example", "mentor@keystone.example", "apprentice@keystone.example"
# Stands in for the print dialog, which a headless browser has not got.
COUNT_PRINTS = "window.prints = 0; window.print = () => { window.prints += 1; };"


def test_the_watch_reports_an_inline_script_the_policy_blocks(page, policy_violations):
    page.goto("/accounts/login/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "document.title = 'injected'";
        document.body.append(script);
    }""")
    page.wait_for_function("() => true")
    expect(page).not_to_have_title("injected")
    page.wait_for_timeout(200)  # the report comes back from the page on its own
    assert any("script-src" in report for report in policy_violations), policy_violations
    policy_violations.clear()  # seen; the watch would fail this test otherwise


def test_archiving_an_employer_asks_first_and_cancel_changes_nothing(page, sign_in):
    from programs.models import Employer

    sign_in(page, ADMIN)
    page.goto("/keystone/employers/")
    row = page.get_by_role("row", name=re.compile("Penn Precision Plastics"))
    questions = []

    def answer(accept):
        def handle(dialog):
            questions.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handle

    page.once("dialog", answer(accept=False))
    row.get_by_role("button", name="Archive").click()
    expect(row.get_by_role("button", name="Archive")).to_be_visible()
    assert questions == ["Archive this employer? Its people keep their records, but no one new can join it."]
    with scopes_disabled():
        assert not Employer.objects.get(sponsor__slug="keystone", name="Penn Precision Plastics").is_archived

    page.once("dialog", answer(accept=True))
    with page.expect_navigation():
        row.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("alert")).to_contain_text("Employer “Penn Precision Plastics” was archived.")
    assert len(questions) == 2
    with scopes_disabled():
        assert Employer.objects.get(sponsor__slug="keystone", name="Penn Precision Plastics").is_archived


@pytest.fixture
def job_book(demo):
    from jobbook.models import JobBook
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook")
    with scopes_disabled():
        return JobBook.objects.filter(sponsor__slug="keystone", employer__name="Penn Precision Plastics").get()


def test_print_buttons_print(page, sign_in, job_book):
    page.add_init_script(COUNT_PRINTS)
    sign_in(page, "employer@keystone.example")
    page.goto(f"/keystone/job-books/{job_book.pk}/print/")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.prints") == 1

    page.context.clear_cookies()
    sign_in(page, APPRENTICE)
    page.get_by_role("link", name="My transcript", exact=True).click()
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.prints") == 1


@pytest.fixture
def queue(demo):
    """The mentor's queue with the demo apprentices' pending hours."""
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook", "apprentices")


def test_select_all_in_the_mentors_queue_checks_and_clears_every_entry(page, sign_in, queue):
    sign_in(page, MENTOR)
    page.goto("/keystone/queue/")
    entries = page.locator(".queue-check")
    assert entries.count() >= 2
    page.get_by_label("Select all").check()
    for index in range(entries.count()):
        expect(entries.nth(index)).to_be_checked()
    page.get_by_label("Select all").uncheck()
    for index in range(entries.count()):
        expect(entries.nth(index)).not_to_be_checked()


def test_the_operators_admin_works_under_the_policy(page, sign_in, queue):
    """Django's admin has no inline script; its widgets (the user form's permission pickers, the
    changelist's filters) run from its own files.  The watch fails this test on anything blocked."""
    from imt.models import User

    operator = User.objects.create_superuser("operator@example.com", "operator-pass-2026", full_name="Olu Operator")
    sign_in(page, operator.email, "operator-pass-2026")
    page.goto("/operator/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto(f"/operator/imt/user/{operator.pk}/change/")
    expect(page.locator("#id_user_permissions_filter")).to_be_visible()  # the picker the admin's script builds
    page.goto("/operator/apprentices/ojtentry/")
    expect(page.locator("#changelist")).to_be_visible()
    page.goto("/operator/programs/sponsor/add/")
    expect(page.locator("#sponsor_form")).to_be_visible()
