"""Member administration: roles, deactivation that ends sessions at once, landing after sign-in."""

import pytest
from django.test import Client
from django_scopes import scope

from imt.permissions import Role
from programs.models import Membership

pytestmark = pytest.mark.django_db


def signed_in(email):
    c = Client()
    response = c.post("/accounts/login/", {"login": email, "password": "demo-pass-2026"})
    assert response.status_code == 302, response.content[:500]
    return c


def test_a_member_with_one_sponsor_lands_on_its_dashboard(world):
    c = signed_in("mentor@keystone.example")
    response = c.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/keystone/"
    assert b"Keystone Manufacturing Partnership" in response.content


def test_a_member_of_two_sponsors_picks_one_and_can_switch(world):
    c = signed_in("multi@demo.example")
    page = c.get("/")
    assert b"Choose a sponsor" in page.content
    assert b"/keystone/" in page.content and b"/lakeshore/" in page.content
    dashboard = c.get("/keystone/")
    assert b"Switch sponsor" in dashboard.content and b'href="/lakeshore/"' in dashboard.content
    assert c.get("/lakeshore/").status_code == 200


def test_deactivating_a_member_ends_their_sessions_at_once(world):
    mentor = signed_in("mentor@keystone.example")
    assert mentor.get("/keystone/").status_code == 200
    admin = signed_in("admin@keystone.example")
    member = world.member("keystone", Role.MENTOR)

    confirm = admin.get(f"/keystone/members/{member.pk}/deactivate/")
    assert b"signed out of every browser" in confirm.content
    assert admin.post(f"/keystone/members/{member.pk}/deactivate/").status_code == 302

    response = mentor.get("/keystone/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # signing in again gives no way back into the sponsor
    again = signed_in("mentor@keystone.example")
    assert again.get("/keystone/").status_code == 404


def test_changing_the_password_ends_other_sessions(world):
    laptop = signed_in("apprentice@keystone.example")
    phone = signed_in("apprentice@keystone.example")
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": "demo-pass-2026", "password1": "New-pass-for-2026!", "password2": "New-pass-for-2026!"},
    )
    assert response.status_code == 302
    assert phone.get("/keystone/").status_code == 302


def test_signing_out_ends_the_session(world):
    c = signed_in("reviewer@keystone.example")
    assert c.post("/accounts/logout/").status_code == 302
    assert c.get("/keystone/").status_code == 302


def test_admin_changes_a_role_and_the_employer_rule_is_explained(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    member = world.member("keystone", Role.INSTRUCTOR)
    response = admin.post(f"/keystone/members/{member.pk}/edit/", {"role": Role.MENTOR, "employer": ""})
    assert "Choose the employer for this role." in response.content.decode()
    employer_id = world.member("keystone", Role.MENTOR).employer_id
    response = admin.post(f"/keystone/members/{member.pk}/edit/", {"role": Role.MENTOR, "employer": employer_id})
    assert response.status_code == 302
    with scope(sponsor=world.a):
        assert Membership.objects.get(pk=member.pk).role == Role.MENTOR


def test_the_last_sponsor_admin_cannot_be_removed(world, client_for):
    with scope(sponsor=world.a):
        Membership.objects.filter(sponsor=world.a, user__email="multi@demo.example").delete()
    admin_member = world.member("keystone", Role.SPONSOR_ADMIN)
    admin = client_for(admin_member.user)
    response = admin.post(f"/keystone/members/{admin_member.pk}/deactivate/", follow=True)
    assert "at least one active sponsor admin" in response.content.decode()
    response = admin.post(f"/keystone/members/{admin_member.pk}/edit/", {"role": Role.SPONSOR_REVIEWER, "employer": ""})
    assert "at least one active sponsor admin" in response.content.decode()


def test_member_list_filters_by_role_and_name(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    page = admin.get("/keystone/members/?role=mentor").content.decode()
    assert "mentor@keystone.example" in page and "apprentice@keystone.example" not in page
    page = admin.get("/keystone/members/?q=Whitfield").content.decode()
    assert "admin@keystone.example" in page and "mentor@keystone.example" not in page
    assert "lakeshore" not in admin.get("/keystone/members/").content.decode()
