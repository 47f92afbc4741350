"""Each sponsor's rule for authenticator apps: its staff by default, everyone if its sponsor admin says so."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.utils import timezone

from imt.models import User
from imt.permissions import Role
from programs import services
from programs.models import Sponsor

pytestmark = pytest.mark.django_db

PROFILE = {"name": "Keystone Manufacturing Partnership", "registration_agency": "PA ATC", "state": "PA"}


def test_a_new_sponsor_requires_an_authenticator_of_its_staff(db):
    sponsor = services.sponsor_create(name="Acme Training Trust", slug="acme")
    assert sponsor.mfa_required_for == "staff"
    assert Sponsor.objects.get(slug="acme").mfa_required_for == "staff"


def test_the_settings_page_offers_the_rule_with_the_staff_rule_chosen(world, client_for):
    page = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get("/keystone/settings/").content.decode()
    assert re.search(r'<input[^>]*value="staff"[^>]*\bchecked', page)
    assert re.search(r'<input[^>]*value="everyone"', page)
    assert not re.search(r'<input[^>]*value="everyone"[^>]*\bchecked', page)
    assert "The authenticator rule last changed on" in page


def test_the_sponsor_admin_extends_the_rule_to_everyone_and_the_change_is_dated(
    world, client_for, time_machine, settings
):
    settings.MFA_GRACE_DAYS = 30  # the admin stays inside theirs while the clock moves

    def save(form):
        # a client of its own each time: a session does not outlast the moves of the clock
        return client_for(world.user("keystone", Role.SPONSOR_ADMIN)).post("/keystone/settings/", form)

    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert save({**PROFILE, "mfa_required_for": "everyone"}).status_code == 302
    world.a.refresh_from_db()
    assert world.a.mfa_required_for == "everyone"
    changed_at = world.a.mfa_policy_changed_at
    assert abs(changed_at - timezone.now()) < timedelta(minutes=1)

    # saving the same rule again does not move the date, which would give everyone a new grace period
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert save({**PROFILE, "mfa_required_for": "everyone"}).status_code == 302
    world.a.refresh_from_db()
    assert world.a.mfa_policy_changed_at == changed_at

    # a form sent without the rule leaves it as it is
    assert save(PROFILE).status_code == 302
    world.a.refresh_from_db()
    assert (world.a.mfa_required_for, world.a.mfa_policy_changed_at) == ("everyone", changed_at)


def test_a_rule_that_is_not_offered_is_refused_and_nothing_is_saved(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = admin.post("/keystone/settings/", {**PROFILE, "phone": "555-0100", "mfa_required_for": "nobody"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert 'value="555-0100"' in response.content.decode()  # what was typed is still in the form
    world.a.refresh_from_db()
    assert (world.a.mfa_required_for, world.a.phone) == ("staff", "")


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SPONSOR_ADMIN])
def test_only_the_sponsor_admin_may_change_the_rule(world, client_for, role):
    before = world.a.mfa_policy_changed_at
    response = client_for(world.user("keystone", role)).post(
        "/keystone/settings/", {**PROFILE, "mfa_required_for": "everyone"}
    )
    assert response.status_code == 403
    world.a.refresh_from_db()
    assert (world.a.mfa_required_for, world.a.mfa_policy_changed_at) == ("staff", before)


def test_the_other_sponsors_admin_cannot_change_the_rule(world, client_for):
    response = client_for(world.user("lakeshore", Role.SPONSOR_ADMIN)).post(
        "/keystone/settings/", {**PROFILE, "mfa_required_for": "everyone"}
    )
    assert response.status_code == 404
    world.a.refresh_from_db()
    assert world.a.mfa_required_for == "staff"


def test_an_operator_can_set_the_rule_in_the_django_admin_and_the_change_is_dated(world, client):
    operator = User.objects.create_superuser("ops@platform.example", "ops-pass-2026", full_name="Platform Ops")
    client.force_login(operator)
    page = client.get(f"/operator/programs/sponsor/{world.a.pk}/change/")
    assert page.status_code == 200 and 'name="mfa_required_for"' in page.content.decode()

    before = world.a.mfa_policy_changed_at
    sponsor = Sponsor.objects.get(pk=world.a.pk)
    sponsor.mfa_required_for = "everyone"
    admin.site._registry[Sponsor].save_model(None, sponsor, None, True)
    world.a.refresh_from_db()
    assert world.a.mfa_required_for == "everyone" and world.a.mfa_policy_changed_at > before
