"""How a notification reaches its person: e-mail at once, the daily digest, or the inbox only; each e-mail
sent once, whatever retries, workers or second runs of the job do."""

import datetime

import pytest
import time_machine
from celery.exceptions import Retry
from django.utils import timezone
from django_scopes import scope

from imt.permissions import Role
from notifications import tasks
from notifications.kinds import Delivery
from notifications.models import Digest, Notification, NotificationPreference, SponsorNotificationPolicy
from notifications.services import language_of
from notifications.services.delivery import digests_send
from tests.notifications import kinds

pytestmark = pytest.mark.django_db

MORNING = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def choose(world, role, kind, delivery, sponsor="keystone"):
    member = world.member(sponsor, role)
    with scope(sponsor=member.sponsor):
        NotificationPreference.objects.update_or_create(
            user=member.user, sponsor=member.sponsor, kind=kind, defaults={"delivery": delivery})


def make_mandatory(world, kind, sponsor="keystone"):
    with scope(sponsor=world.member(sponsor, Role.SPONSOR_ADMIN).sponsor):
        SponsorNotificationPolicy.objects.create(
            sponsor=world.member(sponsor, Role.SPONSOR_ADMIN).sponsor, kind=kind,
            set_by=world.user(sponsor, Role.SPONSOR_ADMIN))


def refreshed(notification):
    with scope(sponsor=notification.sponsor):
        return Notification.objects.get(pk=notification.pk)


def test_e_mail_now_sends_one_message_with_text_html_and_one_click_unsubscribe(world, tell, mailoutbox, settings):
    settings.SITE_URL = "https://imt.example.org"
    notification = tell(kinds.ALERT.code, url="/keystone/queue/")

    (message,) = mailoutbox
    mentor = world.user("keystone", Role.MENTOR)
    assert message.to == [mentor.email]
    assert message.subject.startswith("Test item")
    assert "Something to look at" in message.body and "https://imt.example.org/keystone/queue/" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert "<strong>item" in html and 'href="https://imt.example.org/keystone/queue/"' in html
    assert "Keystone Manufacturing Partnership" in html and "Test alert" in html  # the sponsor, and why
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://imt.example.org/unsubscribe/") and unsubscribe.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in html and unsubscribe[1:-1] in message.body
    delivered = refreshed(notification)
    assert delivered.delivery == Delivery.NOW and delivered.emailed_at is not None


def test_digest_waits_for_the_daily_job_which_sends_one_e_mail_with_every_item_once(world, tell, mailoutbox):
    with time_machine.travel(MORNING, tick=False):
        first = tell(kinds.SUMMARY.code, url="/keystone/one/")
        second = tell(kinds.ALERT.code, url="/keystone/two/", role=Role.MENTOR)
        mailoutbox.clear()  # the alert went at once: the mentor chose nothing for it
        choose(world, Role.MENTOR, kinds.ALERT.code, Delivery.DIGEST)
        third = tell(kinds.ALERT.code, url="/keystone/three/")
        assert mailoutbox == []

        assert digests_send() == 1
        (digest,) = mailoutbox
        assert digest.to == [world.user("keystone", Role.MENTOR).email]
        assert "2 notifications" in digest.subject and "Keystone Manufacturing Partnership" in digest.subject
        html = digest.alternatives[0][0]
        for item in (first, third):
            assert item.title in digest.body and item.title in html
        assert second.title not in digest.body  # e-mailed on its own already
        assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        assert digests_send() == 0  # the job run twice sends nothing twice
        later = tell(kinds.SUMMARY.code)
        assert digests_send() == 0  # and one digest a day: what came since waits for tomorrow
        assert len(mailoutbox) == 1
    with time_machine.travel(MORNING + datetime.timedelta(days=1), tick=False):
        assert digests_send() == 1
        assert later.title in mailoutbox[-1].body and first.title not in mailoutbox[-1].body
    with scope(sponsor=world.a):
        assert Digest.objects.filter(user=world.user("keystone", Role.MENTOR)).count() == 2


def test_a_digest_goes_per_person_and_per_sponsor(world, tell, mailoutbox):
    tell(kinds.SUMMARY.code, role=Role.MENTOR)
    tell(kinds.SUMMARY.code, role=Role.APPRENTICE)
    tell(kinds.SUMMARY.code, role=Role.MENTOR, sponsor="lakeshore")
    assert digests_send() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted([
        "mentor@keystone.example", "apprentice@keystone.example", "mentor@lakeshore.example"])


def test_in_app_only_sends_no_e_mail_ever(world, tell, mailoutbox):
    quiet = tell(kinds.QUIET.code)
    choose(world, Role.MENTOR, kinds.ALERT.code, Delivery.INAPP)
    alert = tell(kinds.ALERT.code)
    assert digests_send() == 0
    assert mailoutbox == []
    assert refreshed(quiet).delivery == refreshed(alert).delivery == Delivery.INAPP


def test_a_retried_delivery_task_sends_once(world, tell, mailoutbox):
    notification = tell(kinds.ALERT.code)
    assert len(mailoutbox) == 1
    assert tasks.deliver_notification.apply(args=[notification.pk]).get() is False
    assert tasks.deliver_notification.apply(args=[notification.pk]).get() is False
    assert len(mailoutbox) == 1


def test_a_failed_send_is_stamped_only_when_a_retry_succeeds(world, tell, mailoutbox, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def down(self, *args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    choose(world, Role.MENTOR, kinds.ALERT.code, Delivery.NOW)
    with pytest.raises(Retry):  # the task asks to be run again later (here, in-process, it says so)
        tell(kinds.ALERT.code)
    with scope(sponsor=world.a):
        notification = Notification.objects.get(user=world.user("keystone", Role.MENTOR), kind=kinds.ALERT.code)
    assert notification.emailed_at is None
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert tasks.deliver_notification.apply(args=[notification.pk]).get() is True
    assert len(mailoutbox) == 1 and refreshed(notification).emailed_at is not None


def test_inactive_people_and_memberships_get_no_e_mail(world, tell, mailoutbox):
    mentor = world.member("keystone", Role.MENTOR)
    with scope(sponsor=world.a):
        type(mentor).objects.filter(pk=mentor.pk).update(is_active=False)
    tell(kinds.ALERT.code)
    tell(kinds.SUMMARY.code)
    apprentice = world.user("keystone", Role.APPRENTICE)
    type(apprentice).objects.filter(pk=apprentice.pk).update(is_active=False)
    tell(kinds.ALERT.code, role=Role.APPRENTICE)
    assert digests_send() == 0
    assert mailoutbox == []
    with scope(sponsor=world.a):  # still in the inbox, should they come back
        assert Notification.objects.filter(user=mentor.user).count() == 2


def test_a_mandatory_kind_is_e_mailed_whatever_the_person_chose(world, tell, mailoutbox):
    make_mandatory(world, kinds.DEADLINE.code)
    choose(world, Role.MENTOR, kinds.DEADLINE.code, Delivery.INAPP)
    tell(kinds.DEADLINE.code)
    (message,) = mailoutbox
    assert "List-Unsubscribe" not in message.extra_headers  # the link could change nothing
    assert "requires e-mails about" in message.body
    # Who chose the digest gets it in the digest.
    choose(world, Role.APPRENTICE, kinds.DEADLINE.code, Delivery.DIGEST)
    tell(kinds.DEADLINE.code, role=Role.APPRENTICE)
    assert len(mailoutbox) == 1
    assert digests_send() == 1 and mailoutbox[-1].to == ["apprentice@keystone.example"]
    # At the other sponsor, which makes nothing mandatory, the choice stands.
    choose(world, Role.MENTOR, kinds.DEADLINE.code, Delivery.INAPP, sponsor="lakeshore")
    tell(kinds.DEADLINE.code, sponsor="lakeshore")
    assert len(mailoutbox) == 2


def test_a_choice_made_after_the_notification_still_keeps_it_out_of_the_digest(world, tell, mailoutbox):
    tell(kinds.SUMMARY.code)
    choose(world, Role.MENTOR, kinds.SUMMARY.code, Delivery.INAPP)
    assert digests_send() == 0 and mailoutbox == []


def test_the_e_mail_is_in_the_recipients_language(world, tell, mailoutbox, monkeypatch):
    mentor = world.user("keystone", Role.MENTOR)
    mentor.language = "es"  # the field issue #19 adds; until then the site's language
    assert language_of(mentor) == "es"
    assert language_of(world.user("keystone", Role.APPRENTICE)) == "en-us"
    notification = tell(kinds.QUIET.code, user=mentor)
    assert notification.title.endswith("(es)")  # the texts were rendered in the person's language
    monkeypatch.setattr("notifications.email.language_of", lambda user: "es")
    with scope(sponsor=world.a):
        Notification.objects.filter(pk=notification.pk).update(delivery=Delivery.NOW)
    tasks.deliver_notification.apply(args=[notification.pk])
    assert '<html lang="es">' in mailoutbox[0].alternatives[0][0]


def test_notify_tells_once_per_key(world, tell, mailoutbox):
    assert tell(kinds.ALERT.code, key="same") is not None
    assert tell(kinds.ALERT.code, key="same") is None
    assert len(mailoutbox) == 1
    with scope(sponsor=world.a):
        assert Notification.objects.filter(key="same").count() == 1


def test_the_digest_job_is_on_the_beat_schedule(settings):
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "notifications.tasks.send_digests"]
    assert entry["schedule"].hour == {7}
    assert tasks.send_digests.apply().get() == 0


def test_times_are_stamped(world, tell):
    with time_machine.travel(MORNING, tick=False):
        notification = refreshed(tell(kinds.ALERT.code))
    assert notification.emailed_at == MORNING and notification.created_at == MORNING
    assert timezone.is_aware(notification.emailed_at)


def test_the_digest_e_mail_gives_each_items_text_on_one_indented_line(world, tell, mailoutbox):
    with time_machine.travel(MORNING, tick=False):
        item = tell(kinds.SUMMARY.code)
        with scope(sponsor=world.a):
            Notification.objects.filter(pk=item.pk).update(
                body="Waiting for you for more than 3 days:\n- 2 sign-off requests\nThey come from 2 apprentices."
                     "\n\nOpen your queue:\nhttps://imt.example/keystone/queue/")
        assert digests_send() == 1
    assert ("\n  Waiting for you for more than 3 days: 2 sign-off requests. They come from 2 apprentices.\n"
            in mailoutbox[-1].body)
