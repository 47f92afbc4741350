"""Invitations: an admin invites by e-mail, the link leads to sign-up or sign-in and creates the membership."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from imt.models import User
from imt.permissions import Role
from programs.models import Invitation, Membership

# Invitation e-mails are sent after the transaction commits, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def invite(client, world, email="rosa.diaz@example.com", role=Role.MENTOR, employer=True):
    employer_id = world.member("keystone", Role.EMPLOYER_ADMIN).employer_id if employer else ""
    return client.post(
        "/keystone/invitations/",
        {"email": email, "full_name": "Rosa Diaz", "role": role, "employer": employer_id},
    )


def link_from_mail():
    match = re.search(r"http://[^\s]+/invitations/[\w-]+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).split("8000", 1)[-1]


def test_invited_newcomer_signs_up_and_lands_on_the_sponsor_dashboard(world, client, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = invite(admin, world)
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rosa.diaz@example.com"]
    assert "Keystone Manufacturing Partnership" in mail.outbox[0].subject
    path = link_from_mail()

    page = client.get(path)
    assert page.status_code == 200
    assert b"Create my account" in page.content

    response = client.post(
        "/accounts/signup/",
        {"full_name": "Rosa Diaz", "email": "rosa.diaz@example.com",
         "password1": "a-Strong-pass-2026", "password2": "a-Strong-pass-2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="rosa.diaz@example.com")
    assert user.full_name == "Rosa Diaz"
    assert EmailAddress.objects.get(user=user).verified  # the link proved the address
    with scope(sponsor=world.a):
        membership = Membership.objects.get(user=user, sponsor=world.a)
        assert membership.role == Role.MENTOR and membership.is_active
        assert Invitation.objects.get(email="rosa.diaz@example.com").accepted_at is not None

    landing = client.get("/", follow=True)
    assert landing.redirect_chain[-1][0] == "/keystone/"
    assert b"Mentor" in landing.content


def test_existing_user_signs_in_from_the_link_and_accepts(world, client, client_for):
    admin = client_for(world.user("lakeshore", Role.SPONSOR_ADMIN))
    outsider = world.user("keystone", Role.APPRENTICE)
    response = admin.post("/lakeshore/invitations/", {"email": outsider.email, "role": Role.INSTRUCTOR})
    assert response.status_code == 302
    path = link_from_mail()

    assert b"Sign in" in client.get(path).content
    response = client.post("/accounts/login/", {"login": outsider.email, "password": "demo-pass-2026"})
    assert response["Location"] == path  # back to the invitation after sign-in

    response = client.post(path)
    assert response["Location"] == "/lakeshore/"
    with scopes_disabled():
        assert Membership.objects.get(user=outsider, sponsor=world.b).role == Role.INSTRUCTOR
    # now a member of two sponsors: sign-in lands on the picker
    assert b"Choose a sponsor" in client.get("/").content


def test_sign_up_without_an_invitation_is_closed(client):
    response = client.get("/accounts/signup/")
    assert b"Sign Up Closed" in response.content or b"closed" in response.content.lower()


def test_sign_up_from_an_invitation_must_use_the_invited_address(world, client, client_for):
    invite(client_for(world.user("keystone", Role.SPONSOR_ADMIN)), world)
    client.get(link_from_mail())
    response = client.post(
        "/accounts/signup/",
        {"full_name": "Someone Else", "email": "someone.else@example.com",
         "password1": "a-Strong-pass-2026", "password2": "a-Strong-pass-2026"},
    )
    assert response.status_code == 200
    assert b"rosa.diaz@example.com" in response.content
    assert not User.objects.filter(email="someone.else@example.com").exists()


def test_revoked_and_expired_invitations_no_longer_work(world, client, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    invite(admin, world)
    path = link_from_mail()
    with scope(sponsor=world.a):
        invitation = Invitation.objects.get(email="rosa.diaz@example.com")
    assert admin.post(f"/keystone/invitations/{invitation.pk}/revoke/").status_code == 302
    assert b"revoked" in client.get(path).content

    invite(admin, world, email="late.comer@example.com")
    path = link_from_mail()
    with scope(sponsor=world.a):
        Invitation.objects.filter(email="late.comer@example.com").update(expires_at=timezone.now() - timedelta(hours=1))
    page = client.get(path)
    assert b"expired" in page.content
    assert b"Create my account" not in page.content


def test_invitation_form_explains_what_is_wrong_and_keeps_the_input(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = invite(admin, world, email="new.mentor@example.com", employer=False)
    assert response.status_code == 200
    assert "Choose the employer for this role." in response.content.decode()
    assert b'value="new.mentor@example.com"' in response.content

    existing = world.user("keystone", Role.MENTOR)
    response = invite(admin, world, email=existing.email)
    assert "already a member" in response.content.decode()

    invite(admin, world, email="twice@example.com")
    response = invite(admin, world, email="twice@example.com")
    assert "already has a pending invitation" in response.content.decode()
    assert len(mail.outbox) == 1


def test_a_double_click_on_accept_makes_one_membership(world, client, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    invite(admin, world, email=world.user("lakeshore", Role.MENTOR).email, role=Role.SPONSOR_REVIEWER, employer=False)
    path = link_from_mail()
    guest = client_for(world.user("lakeshore", Role.MENTOR))
    assert guest.post(path).status_code == 302
    assert guest.post(path).status_code in (200, 302)
    with scopes_disabled():
        assert Membership.objects.filter(user=world.user("lakeshore", Role.MENTOR), sponsor=world.a).count() == 1


def test_someone_signed_in_with_another_address_cannot_take_the_invitation(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    invite(admin, world)
    intruder = client_for(world.user("lakeshore", Role.APPRENTICE))
    response = intruder.post(link_from_mail(), follow=True)
    assert "was sent to rosa.diaz@example.com" in response.content.decode()
    with scopes_disabled():
        assert not Membership.objects.filter(user=world.user("lakeshore", Role.APPRENTICE), sponsor=world.a).exists()
