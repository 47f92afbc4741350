"""The apprentice issues their transcript from their full record (a confirmation first) and a stranger,
signed out, checks its code on the public verification page."""

import re

import pytest
from django_scopes import scopes_disabled

pytestmark = pytest.mark.browser


def test_the_apprentice_issues_a_transcript_and_a_stranger_verifies_it(page, sign_in):
    from apprentices.models import Enrollment
    from tests.conftest import seed_demo_data

    seed_demo_data("programs", "jobbook", "apprentices")
    with scopes_disabled():
        enrollment = Enrollment.objects.filter(apprentice__user__email="apprentice@keystone.example").first()
    sign_in(page, "apprentice@keystone.example")
    page.goto(f"/keystone/apprentices/{enrollment.pk}/")
    page.get_by_role("link", name="Full record and transcript").click()
    assert page.get_by_role("heading", name=re.compile("Full record of")).is_visible()

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Issue a verifiable transcript").click()
    assert questions and "Issue a verifiable transcript?" in questions[0]
    assert "No transcript has been issued yet" in page.content()  # Cancel sent nothing

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Issue a verifiable transcript").click()
    notice = page.get_by_text(re.compile("Its verification code is")).inner_text()
    code = re.search(r"([A-Z2-7]{4}-){3}[A-Z2-7]{4}", notice).group(0)

    page.context.clear_cookies()  # a stranger, signed out
    page.goto("/verify/")
    page.get_by_label("Verification code").fill(code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()
    body = page.content()
    assert "Valid." in body and enrollment.full_name in body and code in body
    assert "apprentice@keystone.example" not in body
