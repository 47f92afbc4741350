"""Completion from recommendation to certificate, in Chromium: the employer recommends, the reviewer
watches the packet build, returns it with a comment, the employer recommends again, the reviewer
approves, the certificate downloads and the apprentice shows as completed."""

import contextlib
import re

import pytest
from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.workers import celery_queue

pytestmark = pytest.mark.browser


@pytest.fixture
def eligible_enrollment(demo):
    from completion.records import complete_record
    from credentials.services import program_requirements_seed as credential_requirements
    from programs.models import Employer, Program, Sponsor
    from rti.services import program_requirements_seed as course_requirements
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook")

    with scopes_disabled():
        sponsor = Sponsor.objects.get(slug="keystone")
        program = Program.objects.filter(sponsor=sponsor).order_by("pk").first()
        course_requirements(program=program)
        credential_requirements(program=program)
        employer = Employer.objects.get(sponsor=sponsor, name="Penn Precision Plastics")
        return complete_record(sponsor=sponsor, employer=employer, full_name="Jordan Castillo")


@pytest.fixture
def packet_builder():
    """A real Celery worker where CI provides Redis and PostgreSQL; tasks run in-process otherwise."""
    if settings.REDIS_URL and connection.vendor == "postgresql":
        with celery_queue(settings.MEDIA_ROOT) as worker:
            worker()
            yield "worker"
    else:
        with contextlib.nullcontext():
            yield "eager"


def test_recommend_review_return_approve_and_download_the_certificate(
    eligible_enrollment, packet_builder, open_page, sign_in
):
    enrollment = eligible_enrollment
    employer = open_page()
    sign_in(employer, "employer@keystone.example")
    employer.goto(f"/keystone/completion/enrollments/{enrollment.pk}/")
    expect(employer.get_by_text("Eligible", exact=True)).to_be_visible()
    employer.get_by_label(re.compile("The employer has determined")).check()
    employer.get_by_label("Your password").fill("demo-pass-2026")
    with employer.expect_navigation(timeout=120_000):  # without a worker the packet is built during the request
        employer.get_by_role("button", name="Sign and recommend").click(no_wait_after=True)
    expect(employer.get_by_text("The recommendation was signed and sent to the sponsor.")).to_be_visible()

    reviewer = open_page()
    sign_in(reviewer, "reviewer@keystone.example")
    reviewer.goto("/keystone/completion/")
    row = reviewer.get_by_role("row", name=re.compile("Jordan Castillo"))
    row.get_by_role("link", name="Review").click()
    if packet_builder == "worker":
        # The packet is built by the worker; the page polls and shows the steps until it is ready.
        expect(reviewer.get_by_text(re.compile("Building packet version 1|Version 1 ready"))).to_be_visible()
    expect(reviewer.get_by_text("Version 1 ready")).to_be_visible(timeout=120_000)
    expect(reviewer.locator("iframe[title='Completion packet']")).to_be_visible()
    with reviewer.expect_download() as download:
        reviewer.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    reviewer.get_by_label("Return to the employer with comments").check()
    reviewer.get_by_role("textbox", name="Comments").fill("Please attach the First Aid/CPR card scan.")
    reviewer.get_by_label("Your password").fill("demo-pass-2026")
    with reviewer.expect_navigation(timeout=60_000):
        reviewer.get_by_role("button", name="Sign the decision").click(no_wait_after=True)
    expect(reviewer.get_by_text("The recommendation was returned to the employer.")).to_be_visible()

    employer.goto(f"/keystone/completion/enrollments/{enrollment.pk}/")
    expect(employer.get_by_text("Please attach the First Aid/CPR card scan.")).to_be_visible()
    employer.get_by_label(re.compile("The employer has determined")).check()
    with employer.expect_navigation(timeout=120_000):
        employer.get_by_role("button", name="Sign and recommend").click(no_wait_after=True)  # confirmed minutes ago
    expect(employer.get_by_text("The recommendation was signed and sent to the sponsor.")).to_be_visible()

    reviewer.goto("/keystone/completion/")
    reviewer.get_by_role("row", name=re.compile("Jordan Castillo")).get_by_role("link", name="Review").click()
    expect(reviewer.get_by_text("Version 1 ready")).to_be_visible(timeout=120_000)
    reviewer.get_by_label("Approve completion").check()
    reviewer.once("dialog", lambda dialog: dialog.accept())
    with reviewer.expect_navigation(timeout=120_000):
        reviewer.get_by_role("button", name="Sign the decision").click(no_wait_after=True)
    expect(reviewer.get_by_text("Completion approved.")).to_be_visible()

    reviewer.goto("/keystone/completion/completed/")
    certificate_link = reviewer.get_by_role("link", name=re.compile(r"\(PDF\)"))
    expect(reviewer.get_by_text("Jordan Castillo")).to_be_visible()
    expect(certificate_link).to_be_visible(timeout=60_000)
    with reviewer.expect_download() as download:
        certificate_link.click()
    assert download.value.suggested_filename.startswith("certificate-")

    employer.goto(f"/keystone/completion/enrollments/{enrollment.pk}/")
    expect(employer.get_by_text(re.compile("Completed on"))).to_be_visible()
    expect(employer.get_by_text("Completed", exact=True)).to_be_visible()
