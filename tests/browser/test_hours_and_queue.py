"""Hours from a phone to the mentor's queue and back, in Chromium at 390×844: the apprentice logs hours, the
mentor approves two at once and rejects one with a reason, the apprentice sees the rejection and the bars
move, the mentor signs off the last skills of a competency (confirming their password) and it shows mastered."""

import re
import time
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, PHONE

pytestmark = pytest.mark.browser

APPRENTICE, MENTOR = "apprentice@keystone.example", "mentor@keystone.example"



@pytest.fixture
def demo_apprentice(demo):
    """apprentice@keystone.example midway, with their enrollment, from the Job Book and apprentices demos."""
    from apprentices import selectors
    from programs.models import Membership
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook", "apprentices")
    with scopes_disabled():
        member = Membership.objects.get(user__email=APPRENTICE, sponsor__slug="keystone")
        return selectors.current_enrollment(member)


def approved_hours(enrollment, competency_name):
    from apprentices import selectors

    with scopes_disabled():
        progress = selectors.enrollment_progress(enrollment)
    return next(c.approved for c in progress.competencies if c.competency.name == competency_name)


def bar_of(page, competency_key):
    return page.locator(f'li[data-competency="{competency_key}"]').first


def test_hours_go_from_the_phone_through_the_queue_and_skills_get_signed_off(
    demo_apprentice, open_page, sign_in
):
    from apprentices import selectors
    from apprentices.models import OJTEntry

    enrollment = demo_apprentice
    with scopes_disabled():
        progress = selectors.enrollment_progress(enrollment)
        # The competency closest to mastered (fewest skills left) is the one the mentor completes.
        target = min((c for c in progress.competencies if not c.mastered and c.skills),
                     key=lambda c: len(c.skills) - c.skills_mastered)
        logged_on = progress.competencies[0].competency
    before = approved_hours(enrollment, logged_on.name)

    # The apprentice logs three entries from the dashboard on a phone.
    apprentice = open_page(PHONE)
    sign_in(apprentice, APPRENTICE)
    for hours, note in (("1.5", "Browser run A"), ("2", "Browser run B"), ("0.75", "Browser run C")):
        started = time.monotonic()
        apprentice.get_by_label("Competency", exact=True).select_option(label=logged_on.name)
        apprentice.get_by_label("Hours", exact=True).fill(hours)
        apprentice.get_by_text("Add a note").click()
        apprentice.get_by_label("Note", exact=True).fill(note)
        apprentice.get_by_role("button", name="Log hours", exact=True).click()
        expect(apprentice.get_by_role("alert")).to_contain_text("logged")
        assert time.monotonic() - started < 15
    assert apprentice.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with scopes_disabled():
        entries = {e.note: e for e in OJTEntry.objects.filter(enrollment=enrollment, note__startswith="Browser run")}
    assert {e.status for e in entries.values()} == {"pending"} and len(entries) == 3

    # The mentor sees them in the queue, approves two at once and rejects one with a reason.
    mentor = open_page(PHONE)
    sign_in(mentor, MENTOR)
    mentor.goto("/keystone/queue/")
    for note in entries:
        expect(mentor.locator(f'[data-entry="{entries[note].pk}"]')).to_contain_text(note)
    mentor.locator(f"#entry-{entries['Browser run A'].pk}").check()
    mentor.locator(f"#entry-{entries['Browser run B'].pk}").check()
    mentor.get_by_role("button", name="Approve selected").click()
    expect(mentor.get_by_role("alert")).to_contain_text("2 entries approved")
    mentor.locator(f"#entry-{entries['Browser run C'].pk}").check()
    mentor.get_by_label("Reason for rejecting").fill("You were in training that afternoon")
    mentor.get_by_role("button", name="Reject selected").click()
    expect(mentor.get_by_role("alert")).to_contain_text("1 entries rejected")
    expect(mentor.locator(f'[data-entry="{entries["Browser run C"].pk}"]')).to_have_count(0)

    # The apprentice sees the rejection with its reason, and the bar moved by the approved hours.
    apprentice.goto("/keystone/hours/")
    rejected = apprentice.locator(f"#entry-{entries['Browser run C'].pk}")
    expect(rejected).to_contain_text("Rejected")
    expect(rejected).to_contain_text("You were in training that afternoon")
    assert approved_hours(enrollment, logged_on.name) == before + Decimal("3.5")
    apprentice.goto("/keystone/")
    after = f"{before + Decimal('3.5'):f}".rstrip("0").rstrip(".")
    expect(bar_of(apprentice, logged_on.key)).to_contain_text(re.compile(rf"{re.escape(after)} h approved"))

    # The mentor signs off the competency's remaining skills from the apprentice's Job Book; the password
    # is asked once, then not again for a few minutes.
    remaining = [s.skill for s in target.skills if not s.mastered]
    for index, skill in enumerate(remaining):
        mentor.goto(f"/keystone/apprentices/{enrollment.pk}/")
        mentor.locator(f'li[data-skill="{skill.key}"]').get_by_role("link", name=re.compile("Sign off")).click()
        expect(mentor.locator("#id_skill")).to_have_value(str(skill.pk))
        mentor.locator("#id_level").select_option("3")
        mentor.locator("#id_comment").fill("Observed on the floor")
        if index == 0:
            mentor.get_by_role("button", name="Sign").click()
            expect(mentor.get_by_label("Your password")).to_have_class(re.compile("is-invalid"))
            mentor.get_by_label("Your password").fill(PASSWORD)
        else:
            expect(mentor.get_by_label("Your password")).to_have_count(0)
        mentor.get_by_role("button", name="Sign").click()
        expect(mentor.get_by_role("alert")).to_contain_text("is signed off")

    # The competency shows mastered, for the apprentice too.
    apprentice.goto(f"/keystone/apprentices/{enrollment.pk}/")
    competency = bar_of(apprentice, target.competency.key)
    expect(competency.locator(".competency-mastered")).to_be_visible()
    for skill in remaining:
        expect(competency.locator(f'li[data-skill="{skill.key}"]')).to_contain_text("signed off by")
