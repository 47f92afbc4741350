"""manage.py mfa_reset <email>: a member who lost their authenticator app's device."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from imt.permissions import Role

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-2026"
SETUP = "/accounts/2fa/totp/activate/"


def reset(email):
    out = StringIO()
    call_command("mfa_reset", email, stdout=out)
    return out.getvalue()


def test_the_reset_removes_the_authenticator_and_recovery_codes_and_signs_the_user_out(world):
    admin = world.user("keystone", Role.SPONSOR_ADMIN)
    TOTP.activate(admin, generate_totp_secret())
    RecoveryCodes.activate(admin)
    browser = Client()
    browser.force_login(admin)
    assert browser.get("/keystone/").status_code == 200

    output = reset("Admin@Keystone.example")

    assert not Authenticator.objects.filter(user=admin).exists()
    assert "Removed: TOTP Authenticator" in output and "Removed: Recovery codes" in output
    assert "Signed admin@keystone.example out of every browser." in output
    response = browser.get("/keystone/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # other people's authenticators are left alone
    assert reset("reviewer@keystone.example").count("Removed:") == 0


def test_after_a_reset_the_user_signs_in_with_the_password_alone(world):
    admin = world.user("keystone", Role.SPONSOR_ADMIN)
    TOTP.activate(admin, generate_totp_secret())
    reset(admin.email)
    response = Client().post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_grace_period_does_not_start_again_after_a_reset(world, time_machine):
    reviewer = world.user("keystone", Role.SPONSOR_REVIEWER)
    time_machine.move_to(timezone.now() + timedelta(days=30))
    TOTP.activate(reviewer, generate_totp_secret())

    output = reset(reviewer.email)
    assert "they set up a new one at their next sign-in" in output

    browser = Client()
    assert browser.post("/accounts/login/", {"login": reviewer.email, "password": PASSWORD}).status_code == 302
    assert browser.get("/keystone/")["Location"] == SETUP


def test_a_reset_inside_the_grace_period_says_until_when(world):
    output = reset("admin@keystone.example")
    assert "admin@keystone.example had no authenticator app or recovery codes." in output
    assert re.search(r"set up a new one by .*2\d\d\d", output)


def test_a_reset_of_someone_no_rule_covers_says_so(world):
    output = reset("apprentice@keystone.example")
    assert "None of their sponsors requires an authenticator app." in output


def test_an_unknown_email_is_refused_and_nothing_changes(world):
    admin = world.user("keystone", Role.SPONSOR_ADMIN)
    TOTP.activate(admin, generate_totp_secret())
    with pytest.raises(CommandError, match="No user signs in with “nobody@keystone.example”; nothing was changed."):
        reset("nobody@keystone.example")
    assert Authenticator.objects.filter(user=admin).count() == 1
