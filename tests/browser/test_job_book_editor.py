"""The employer admin tailors the Job Book in the browser: add a skill, change hours, reorder, publish,
then edit again (a new draft) and see the change in the diff."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def job_books(demo):
    """The demo Job Books on top of the demo sponsors and programs."""
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook")


def competency(page, key):
    return page.locator(f"li.jb-competency[data-key='{key}']")


def competency_names(page):
    return page.locator("#editor li.jb-competency .jb-name").all_inner_texts()


def test_employer_admin_edits_publishes_and_sees_the_change_in_the_diff(page, sign_in, job_books, live_server):
    sign_in(page, "employer@keystone.example")
    page.get_by_role("link", name="Job Books").first.click()
    page.get_by_role("link", name=re.compile("Penn Precision Plastics")).click()
    main = page.locator("main")
    expect(main.locator("li.jb-competency")).to_have_count(11)
    expect(main).to_contain_text("2,736 h of 2,736 h")

    draft_link = page.get_by_role("link", name=re.compile(r"^Continue editing draft v\d+$"))
    n = int(draft_link.inner_text().rsplit("v", 1)[1])  # 2 in the demo
    draft_link.click()
    expect(page.locator("#editor")).to_contain_text(f"v{n} · Draft")
    page.evaluate("window.stillTheSamePage = true")

    # Add a skill, by keyboard: type and press Enter.
    new_skill = page.get_by_label("New skill for Operate production equipment")
    new_skill.fill("Read the press alarm screen and log the code")
    new_skill.press("Enter")
    expect(competency(page, "std-operate")).to_contain_text("Read the press alarm screen and log the code")
    expect(page.get_by_label("New skill for Operate production equipment")).to_be_focused()

    # Change a competency's hours inline; the running total warns about the difference.
    page.get_by_role("button", name="Edit Operate production equipment").click()
    form = competency(page, "std-operate").locator("form.jb-inline-form")
    expect(form.get_by_label("Name")).to_be_focused()  # the keyboard lands in the form it opened
    form.get_by_label("Target hours").fill("980")
    form.get_by_role("button", name="Save").click()
    expect(competency(page, "std-operate").locator(".jb-hours")).to_have_text("980 h")
    expect(page.locator("#jb-totals")).to_contain_text("2,716 h of 2,736 h")
    expect(page.locator("#jb-totals")).to_contain_text("20 h less than the 2,736 OJT hours")

    # Reorder: move "Set up production equipment" above "Measure/inspect…".
    before = competency_names(page)
    setup = before.index("Set up production equipment")
    page.get_by_role("button", name="Move Set up production equipment up").click()
    expect(page.locator("#editor li.jb-competency .jb-name").nth(setup - 1)).to_have_text("Set up production equipment")
    assert page.evaluate("window.stillTheSamePage") is True, "the editor reloaded the whole page"

    # Publish.
    page.get_by_label("What changed (optional)").fill("Press alarm skill; operating hours trimmed")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(r"/keystone/job-books/\d+/$"))
    expect(main).to_contain_text(f"Version {n} is published")
    expect(main).to_contain_text(f"v{n} · Published")

    # The published version is read-only: nothing to type into, no edit buttons.
    expect(main.get_by_role("button", name="Add skill")).to_have_count(0)
    expect(main.get_by_role("button", name=re.compile("^Edit Operate"))).to_have_count(0)
    expect(main.locator("li.jb-competency").nth(setup - 1)).to_contain_text("Set up production equipment")
    expect(main).to_contain_text("Read the press alarm screen and log the code")

    # Editing again makes a new draft.
    page.get_by_role("button", name="Edit (starts a new draft)").click()
    expect(page.locator("#editor")).to_contain_text(f"v{n + 1} · Draft")

    # The diff between the previous version and the one just published shows the change.
    page.goto(page.url.replace("/edit/", "/history/"))
    expect(main.locator("table")).to_contain_text("Press alarm skill; operating hours trimmed")
    expect(main.locator("table")).to_contain_text("Denise Kowalski")
    page.get_by_label("Compare").select_option(label=f"v{n - 1} · Retired")
    page.get_by_label("with").select_option(label=f"v{n} · Published")
    page.get_by_role("button", name="Show the changes").click()
    diff = main.locator(".jb-diff")
    expect(diff).to_contain_text("Read the press alarm screen and log the code")
    expect(diff.locator(".jb-change-hours")).to_contain_text("Operate production equipment: 1,000 h → 980 h")


def test_a_save_clicked_the_instant_the_inline_form_appears_still_saves(page, sign_in, job_books):
    """htmx takes a swapped-in form over a moment after it appears; a quick click in between must
    still save the change (as a plain POST) rather than reload the page and drop it."""
    sign_in(page, "employer@keystone.example")
    page.goto("/keystone/job-books/")
    page.get_by_role("link", name=re.compile("Penn Precision Plastics")).click()
    page.get_by_role("link", name=re.compile(r"^Continue editing draft v\d+$")).click()
    page.evaluate("""() => new MutationObserver((changes, observer) => {
        const form = document.querySelector("li.jb-competency[data-key='std-operate'] form.jb-inline-form");
        if (!form) return;
        observer.disconnect();
        form.querySelector("input[name=target_hours]").value = "980";
        form.querySelector("button[type=submit]").click();
    }).observe(document.body, {childList: true, subtree: true})""")
    page.get_by_role("button", name="Edit Operate production equipment").click()
    expect(competency(page, "std-operate").locator(".jb-hours")).to_have_text("980 h")
    expect(page.locator("#jb-totals")).to_contain_text("2,716 h of 2,736 h")


def test_the_editor_fits_a_phone_and_takes_a_skill_by_keyboard(phone_page, sign_in, job_books):
    page = phone_page
    sign_in(page, "employer@keystone.example")
    page.goto("/keystone/job-books/")
    page.get_by_role("link", name=re.compile("Penn Precision Plastics")).click()
    page.get_by_role("link", name=re.compile(r"^Continue editing draft v\d+$")).click()
    field = page.get_by_label("New skill for Interpret technical information")
    field.fill("Mark up a drawing with a question for engineering")
    field.press("Enter")
    expect(competency(page, "std-techinfo")).to_contain_text("Mark up a drawing with a question for engineering")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
