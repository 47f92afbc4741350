"""An authenticator app for the people a sponsor's rule covers: a reminder during the grace period, then
every sponsor page sends them to set one up; signing in with it, or with a recovery code."""

import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.test import Client
from django.utils import formats, timezone
from django_scopes import scope, scopes_disabled

from imt.permissions import Role
from programs import services
from programs.models import Membership, MfaPolicy

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-2026"
REMINDER = "Your sponsor requires an authenticator app."
SETUP = "/accounts/2fa/totp/activate/"
PAST_THE_GRACE_PERIOD = timedelta(days=settings.MFA_GRACE_DAYS, hours=1)


def signed_in(email, password=PASSWORD):
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302 and response["Location"] == "/", response.content[:500]
    return client


def confirm_password(client):
    """allauth asks for the password again before an authenticator is added."""
    response = client.post(f"/accounts/reauthenticate/?next={SETUP}", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == SETUP


def code_for(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_authenticator(user):
    """Give `user` an authenticator app, as activating it in allauth does; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def deadline_text(membership):
    deadline = membership.created_at + timedelta(days=settings.MFA_GRACE_DAYS)
    return formats.date_format(timezone.localtime(deadline), "DATE_FORMAT")


def set_rule(sponsor, rule):
    sponsor.mfa_required_for = rule
    services.sponsor_update(sponsor=sponsor)


@pytest.fixture
def past_the_grace_period(time_machine):
    """Move the clock past everybody's grace period (the demo people were created at the start of the run)
    and hold it there, so that a code computed from a secret is still the current one when it is sent."""
    def move():
        time_machine.move_to(timezone.now() + PAST_THE_GRACE_PERIOD, tick=False)
    return move


# --- The grace period --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER])
def test_sponsor_staff_without_an_authenticator_are_reminded_on_every_page_during_the_grace_period(world, role):
    member = world.member("keystone", role)
    staff = signed_in(member.user.email)

    for url in ["/keystone/", "/keystone/members/", "/accounts/email/"]:
        page = staff.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert f"{REMINDER} Set it up by {deadline_text(member)}." in body, url
        assert f'href="{SETUP}"' in body


def test_the_reminder_goes_once_the_authenticator_is_set_up(world):
    admin = world.user("keystone", Role.SPONSOR_ADMIN)
    with_authenticator(admin)
    page = Client()
    page.force_login(admin)
    assert REMINDER not in page.get("/keystone/").content.decode()


def test_apprentices_mentors_and_employer_admins_are_not_asked_under_the_staff_rule(world, past_the_grace_period):
    past_the_grace_period()
    for role in [Role.APPRENTICE, Role.MENTOR, Role.EMPLOYER_ADMIN, Role.INSTRUCTOR]:
        person = Client()
        person.force_login(world.user("keystone", role))
        page = person.get("/keystone/")
        assert page.status_code == 200, role
        assert REMINDER not in page.content.decode(), role


# --- After the grace period ----------------------------------------------------------------------


def test_after_the_grace_period_every_sponsor_page_sends_staff_to_set_up_an_authenticator(world, past_the_grace_period):
    past_the_grace_period()
    reviewer = signed_in("reviewer@keystone.example")

    for url in ["/keystone/", "/keystone/members/", "/keystone/programs/", "/keystone/logo/"]:
        response = reviewer.get(url)
        assert response.status_code == 302 and response["Location"] == SETUP, url
    # a form the reviewer may send (a completion decision) is held back too
    decision = reviewer.post("/keystone/completion/reviews/999999/", {"decision": "approve"})
    assert decision.status_code == 302 and decision["Location"] == SETUP

    # the setup asks for the password first, as allauth does before an authenticator is added
    page = reviewer.get("/keystone/", follow=True)
    assert page.redirect_chain[-1][0] == f"/accounts/reauthenticate/?next={SETUP.replace('/', '%2F')}"
    body = page.content.decode()
    assert "Set it up now to continue to your sponsor&#x27;s pages." in body
    assert "open again once it is set up" in body
    confirm_password(reviewer)
    assert reviewer.get(SETUP).status_code == 200


def test_after_the_grace_period_the_sign_in_lands_on_the_setup(world, past_the_grace_period):
    past_the_grace_period()
    admin = signed_in("admin@keystone.example")
    response = admin.get("/", follow=True)
    assert [url for url, _status in response.redirect_chain][:2] == ["/keystone/", SETUP]


def test_after_the_grace_period_account_pages_sign_out_and_health_stay_reachable(world, past_the_grace_period):
    past_the_grace_period()
    admin = signed_in("admin@keystone.example")

    for url in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", SETUP, "/accounts/reauthenticate/"]:
        response = admin.get(url)
        assert response.status_code in (200, 302), url
        assert response.get("Location", "") != SETUP, url
    assert admin.get("/healthz/").status_code in (200, 503)  # answers; whether the services are up is not ours
    static = admin.get("/static/css/app.css")
    assert static.get("Location", "") != SETUP
    logout = admin.post("/accounts/logout/")
    assert logout.status_code == 302 and logout["Location"] == "/accounts/login/"


def test_an_htmx_request_after_the_grace_period_sends_the_whole_page_to_the_setup(world, past_the_grace_period):
    past_the_grace_period()
    admin = Client()
    admin.force_login(world.user("keystone", Role.SPONSOR_ADMIN))
    response = admin.get("/keystone/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SETUP


def test_staff_who_set_up_the_authenticator_reach_their_pages_and_are_shown_their_recovery_codes(
    world, past_the_grace_period
):
    past_the_grace_period()
    admin = signed_in("admin@keystone.example")
    assert admin.get("/keystone/")["Location"] == SETUP

    confirm_password(admin)
    setup = admin.get(SETUP)
    assert setup.status_code == 200
    wrong = admin.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 200 and b"Incorrect code" in wrong.content
    done = admin.post(SETUP, {"code": code_for(admin.session["mfa.totp.secret"])})
    assert done.status_code == 302 and done["Location"] == "/accounts/2fa/recovery-codes/"

    codes_page = admin.get(done["Location"]).content.decode()
    user = world.user("keystone", Role.SPONSOR_ADMIN)
    with scopes_disabled():
        recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    codes = RecoveryCodes(recovery).get_unused_codes()
    assert len(codes) == 10 and all(code in codes_page for code in codes)

    dashboard = admin.get("/keystone/")
    assert dashboard.status_code == 200
    assert REMINDER not in dashboard.content.decode()


# --- The rule "everyone" -------------------------------------------------------------------------


def test_under_the_everyone_rule_apprentices_are_reminded_then_sent_to_set_up(world, time_machine):
    set_rule(world.a, MfaPolicy.EVERYONE)
    apprentice = world.member("keystone", Role.APPRENTICE)
    person = Client()
    person.force_login(apprentice.user)
    page = person.get("/keystone/")
    assert page.status_code == 200
    assert REMINDER in page.content.decode()

    time_machine.move_to(timezone.now() + PAST_THE_GRACE_PERIOD)
    person = Client()
    person.force_login(apprentice.user)
    assert person.get("/keystone/")["Location"] == SETUP
    # the other sponsor keeps the staff rule
    other = Client()
    other.force_login(world.user("lakeshore", Role.APPRENTICE))
    assert other.get("/lakeshore/").status_code == 200


def test_people_the_everyone_rule_newly_covers_get_their_grace_period_from_the_change(world, time_machine):
    apprentice = world.member("keystone", Role.APPRENTICE)
    time_machine.move_to(timezone.now() + timedelta(days=60))
    set_rule(world.a, MfaPolicy.EVERYONE)
    person = Client()
    person.force_login(apprentice.user)

    page = person.get("/keystone/")
    assert page.status_code == 200  # a member for 60 days, but covered only since today
    deadline = formats.date_format(timezone.localtime(timezone.now() + timedelta(days=settings.MFA_GRACE_DAYS)),
                                   "DATE_FORMAT")
    assert f"Set it up by {deadline}." in page.content.decode()


def test_widening_the_rule_gives_staff_past_their_grace_period_no_new_one(world, past_the_grace_period):
    past_the_grace_period()
    set_rule(world.a, MfaPolicy.EVERYONE)
    reviewer = Client()
    reviewer.force_login(world.user("keystone", Role.SPONSOR_REVIEWER))
    assert reviewer.get("/keystone/")["Location"] == SETUP


def test_a_rule_at_one_sponsor_applies_to_the_persons_pages_at_every_sponsor(world, past_the_grace_period):
    apprentice = world.user("keystone", Role.APPRENTICE)
    with scopes_disabled():
        Membership.objects.create(user=apprentice, sponsor=world.b, role=Role.SPONSOR_REVIEWER)
    past_the_grace_period()
    person = Client()
    person.force_login(apprentice)
    assert person.get("/keystone/")["Location"] == SETUP
    assert person.get("/lakeshore/")["Location"] == SETUP


# --- Role changes --------------------------------------------------------------------------------


def _after_moving(world, role, to):
    """A client signed in as keystone's member of `role`, whose role was just changed to `to`."""
    member = world.member("keystone", role)
    with scope(sponsor=world.a):
        services.membership_change_role(membership=member, role=to)
    person = Client()
    person.force_login(member.user)
    return person


def test_a_member_moved_into_a_staff_role_gets_a_grace_period_from_the_move(world, past_the_grace_period):
    past_the_grace_period()
    page = _after_moving(world, Role.MENTOR, to=Role.SPONSOR_REVIEWER).get("/keystone/")
    assert page.status_code == 200
    deadline = timezone.localtime(timezone.now() + timedelta(days=settings.MFA_GRACE_DAYS))
    assert f"Set it up by {formats.date_format(deadline, 'DATE_FORMAT')}." in page.content.decode()


def test_moving_between_two_roles_the_rule_covers_keeps_the_deadline(world, past_the_grace_period):
    past_the_grace_period()
    person = _after_moving(world, Role.SPONSOR_REVIEWER, to=Role.SPONSOR_ADMIN)
    assert person.get("/keystone/")["Location"] == SETUP


def test_a_member_who_comes_back_gets_a_grace_period_from_their_return(world, past_the_grace_period):
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    reviewer = world.member("keystone", Role.SPONSOR_REVIEWER)
    with scope(sponsor=world.a):
        services.membership_deactivate(membership=reviewer, by=admin.user)
    past_the_grace_period()
    with scope(sponsor=world.a):
        services.membership_reactivate(membership=reviewer)
        services.membership_reactivate(membership=reviewer)  # twice: the second changes nothing
    reviewer.user.refresh_from_db()  # the deactivation ended their sessions
    person = Client()
    person.force_login(reviewer.user)
    page = person.get("/keystone/")
    assert page.status_code == 200 and REMINDER in page.content.decode()


def test_a_former_member_invited_back_into_a_staff_role_gets_a_grace_period(world, past_the_grace_period):
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    mentor = world.member("keystone", Role.MENTOR)
    with scope(sponsor=world.a):
        services.membership_deactivate(membership=mentor, by=admin.user)
        invitation = services.invitation_create(
            sponsor=world.a, email=mentor.user.email, role=Role.SPONSOR_REVIEWER, invited_by=admin.user
        )
    past_the_grace_period()
    mentor.user.refresh_from_db()  # the deactivation ended their sessions
    with scope(sponsor=world.a):
        services.invitation_accept(invitation=invitation, user=mentor.user)
    person = Client()
    person.force_login(mentor.user)
    page = person.get("/keystone/")
    assert page.status_code == 200 and REMINDER in page.content.decode()


# --- Signing in ----------------------------------------------------------------------------------


def test_signing_in_with_the_authenticator_app(world, time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # the code stays the current one until it is sent
    admin = world.user("keystone", Role.SPONSOR_ADMIN)
    secret = with_authenticator(admin)
    browser = Client()
    response = browser.post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert browser.get("/keystone/").status_code == 302  # not signed in until the code is given

    wrong = browser.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and b"Incorrect code" in wrong.content
    response = browser.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert response.status_code == 302 and response["Location"] == "/"
    dashboard = browser.get("/keystone/")
    assert dashboard.status_code == 200 and REMINDER not in dashboard.content.decode()


def test_signing_in_with_a_recovery_code_works_once_per_code(world):
    admin = world.user("keystone", Role.SPONSOR_ADMIN)
    with_authenticator(admin)
    code = RecoveryCodes.activate(admin).get_unused_codes()[0]

    browser = Client()
    browser.post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    response = browser.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/"
    assert browser.get("/keystone/").status_code == 200
    assert browser.post("/accounts/logout/").status_code == 302

    again = Client()
    again.post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    refused = again.post("/accounts/2fa/authenticate/", {"code": code})
    assert refused.status_code == 200 and b"Incorrect code" in refused.content
    assert again.get("/keystone/").status_code == 302
