"""The unsubscribe link of every notification e-mail: it works signed out, for that person and that kind
only; an edited token changes nothing; a kind the sponsor makes mandatory cannot be unsubscribed."""

import base64
import json

import pytest
from django.core import signing
from django.test import Client
from django_scopes import scope

from imt.permissions import Role
from notifications import tokens
from notifications.kinds import Delivery
from notifications.models import NotificationPreference, SponsorNotificationPolicy
from notifications.services.delivery import digests_send
from tests.notifications import kinds

pytestmark = pytest.mark.django_db


def link_of(message):
    return message.extra_headers["List-Unsubscribe"][1:-1].removeprefix("http://127.0.0.1:8000")


def chosen(world, role, kind, sponsor="keystone"):
    member = world.member(sponsor, role)
    with scope(sponsor=member.sponsor):
        return NotificationPreference.objects.filter(
            user=member.user, sponsor=member.sponsor, kind=kind).values_list("delivery", flat=True).first()


@pytest.fixture
def anonymous():
    return Client(enforce_csrf_checks=True)


def test_the_link_works_signed_out_for_that_person_and_kind_only(world, tell, mailoutbox, anonymous, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    tell(kinds.ALERT.code)  # the mentor's
    tell(kinds.ALERT.code, role=Role.APPRENTICE)
    link = link_of(mailoutbox[0])

    page = anonymous.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stop e-mails about Test alert from Keystone Manufacturing Partnership?" in text
    assert "mentor@keystone.example" in text
    assert chosen(world, Role.MENTOR, kinds.ALERT.code) is None  # asking changes nothing

    done = anonymous.post(link)  # no CSRF token: the page's own form and a mail client's one-click alike
    assert done.status_code == 200 and "You will no longer get e-mails about Test alert" in done.content.decode()
    assert chosen(world, Role.MENTOR, kinds.ALERT.code) == Delivery.INAPP
    assert chosen(world, Role.MENTOR, kinds.DEADLINE.code) is None  # another kind: unchanged
    assert chosen(world, Role.APPRENTICE, kinds.ALERT.code) is None  # another person: unchanged

    mailoutbox.clear()
    tell(kinds.ALERT.code)
    assert mailoutbox == []


def test_a_mail_clients_one_click_post_unsubscribes(world, tell, mailoutbox, anonymous, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    tell(kinds.ALERT.code)
    response = anonymous.post(link_of(mailoutbox[0]), "List-Unsubscribe=One-Click",
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert chosen(world, Role.MENTOR, kinds.ALERT.code) == Delivery.INAPP


def _payload(token):
    data = token.split(":")[0]
    return json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def _with_payload(token, payload):
    raw = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")
    return ":".join([raw, *token.split(":")[1:]])


def test_a_token_edited_to_another_kind_or_person_is_refused(world, anonymous):
    mentor = world.member("keystone", Role.MENTOR)
    token = tokens.make(user_id=mentor.user_id, sponsor_id=mentor.sponsor_id, kind=kinds.ALERT.code)
    payload = _payload(token)
    assert payload["k"] == kinds.ALERT.code
    apprentice = world.user("keystone", Role.APPRENTICE)
    for forged in (
        _with_payload(token, {**payload, "k": kinds.SUMMARY.code}),
        _with_payload(token, {**payload, "u": apprentice.pk}),
        token[:-3], "nonsense",
        signing.dumps({"u": mentor.user_id, "s": mentor.sponsor_id, "k": kinds.ALERT.code}, salt="another.salt"),
    ):
        for send in (anonymous.get, anonymous.post):
            response = send(f"/unsubscribe/{forged}/")
            assert response.status_code == 400, forged
            assert "This unsubscribe link is not valid" in response.content.decode()
    with scope(sponsor=world.a):
        assert not NotificationPreference.objects.exists()


def test_a_link_to_a_kind_or_membership_that_is_gone_is_404(world, anonymous):
    mentor = world.member("keystone", Role.MENTOR)
    unknown = tokens.make(user_id=mentor.user_id, sponsor_id=mentor.sponsor_id, kind="no_such_kind")
    elsewhere = tokens.make(user_id=mentor.user_id, sponsor_id=world.b.pk, kind=kinds.ALERT.code)
    for token in (unknown, elsewhere):
        assert anonymous.post(f"/unsubscribe/{token}/").status_code == 404


def test_a_mandatory_kind_cannot_be_unsubscribed(world, anonymous):
    with scope(sponsor=world.a):
        SponsorNotificationPolicy.objects.create(sponsor=world.a, kind=kinds.DEADLINE.code,
                                                 set_by=world.user("keystone", Role.SPONSOR_ADMIN))
    mentor = world.member("keystone", Role.MENTOR)
    link = f"/unsubscribe/{tokens.make(user_id=mentor.user_id, sponsor_id=world.a.pk, kind=kinds.DEADLINE.code)}/"
    for response in (anonymous.get(link), anonymous.post(link)):
        text = response.content.decode()
        assert "Keystone Manufacturing Partnership requires these e-mails" in text
        assert "Stop these e-mails" not in text
    assert chosen(world, Role.MENTOR, kinds.DEADLINE.code) is None


def test_the_digests_link_stops_every_kind_that_came_in_the_digest(world, tell, mailoutbox, anonymous, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    tell(kinds.SUMMARY.code)
    assert digests_send() == 1
    link = link_of(mailoutbox[0])
    assert "Stop the daily digest e-mail" in anonymous.get(link).content.decode()
    assert anonymous.post(link).status_code == 200
    assert chosen(world, Role.MENTOR, kinds.SUMMARY.code) == Delivery.INAPP
    assert chosen(world, Role.MENTOR, kinds.ALERT.code) is None  # e-mailed at once: not the digest's
