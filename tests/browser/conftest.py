"""Headless Chromium against pytest-django's live server, with the demo sponsors seeded.

`page` is a fresh 1280×800 browser context per test, `phone_page` a 390×844 one,
`open_page(viewport)` makes more.  The pages talk to `live_server`, so every
browser test runs on `transactional_db` (on PostgreSQL the server thread has its
own database connection) and seeds the demo data (in place of the small world the other tests share).

Every page they open is watched for what the Content-Security-Policy blocked (and for a
Permissions-Policy the browser could not read): a test whose pages had any fails.
"""

import contextlib
import datetime
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORD = "demo-pass-2026"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests; closed before the rest of the suite runs.

    Playwright's sync API keeps an asyncio loop running in this thread while it
    is open, and Django refuses database calls from a thread with a running loop
    unless told that this is deliberate.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Chromium does not start under libfaketime (CI's runs with the clock moved); it runs on the real
    # clock and each page gets the moved one through Playwright's clock (see open_page).
    real_clock_env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                                  env=real_clock_env)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(browser, transactional_db, live_server):
    """The demo sponsors and people, in the database the live server reads: the browser tests walk through the
    demo, so the small world of the other tests (tests/factories.py) is cleared out first."""
    from programs.models import Sponsor
    from tests.conftest import empty_database, seed_demo_data

    if Sponsor.objects.exists():
        empty_database()
    seed_demo_data("programs")


# Runs in every document and frame before its own scripts: each blocked script, style, frame … is
# reported back to the test, whichever page or navigation it happened on.
REPORT_POLICY_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportPolicyViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "an inline one"} on ${event.documentURI}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "")
    + (event.sample ? `: ${event.sample}` : ""));
});
"""
POLICY_CONSOLE_MESSAGES = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


@pytest.fixture
def policy_violations():
    """What the browser refused under the site's policies, in the pages of this test (see open_page)."""
    return []


@pytest.fixture
def open_page(browser, live_server, demo, policy_violations):
    """open_page(viewport=DESKTOP) → a page in a new context whose relative URLs go to the live server.

    The test fails if the Content-Security-Policy blocked anything on any of its pages.
    """
    contexts = []

    def report(text):
        policy_violations.append(text)

    def watch(context):
        context.expose_function("reportPolicyViolation", report)
        context.add_init_script(REPORT_POLICY_VIOLATIONS)
        context.on("console", lambda message: policy_violations.append(f"console: {message.text}")
                   if any(words in message.text for words in POLICY_CONSOLE_MESSAGES) else None)

    def make(viewport=DESKTOP):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        context.set_default_timeout(10_000)
        if os.environ.get("FAKETIME"):
            context.clock.install(time=datetime.datetime.now(datetime.UTC))  # the server's moved clock
        watch(context)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        for page in context.pages:
            with contextlib.suppress(Exception):  # a page may be gone; let reports still on their way in
                page.evaluate("0")
        context.close()
    assert not policy_violations, "The browser blocked, under the site's policies:\n" + "\n".join(policy_violations)


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def phone_page(open_page):
    return open_page(PHONE)


@pytest.fixture
def sign_in():
    """sign_in(page, email) → signs in through the real login form and waits for the landing page."""

    def submit(page, email, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()

    return submit
