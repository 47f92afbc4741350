"""Two workers at once (PostgreSQL: real concurrent transactions and row locks): the same notification handed
to two deliveries is e-mailed once, and two digest jobs running together send one digest."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django_scopes import scope

from imt.permissions import Role
from notifications.kinds import Delivery
from notifications.models import Notification
from notifications.services.delivery import digests_send, notification_deliver
from tests.apprentices.conftest import on_postgresql
from tests.notifications import kinds

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True), pytest.mark.services]


def together(sponsor, function, count=2):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker():
        try:
            with scope(sponsor=sponsor):
                barrier.wait()
                outcomes.append(function())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def waiting(world, kind, delivery):
    """A notification made but not yet delivered (as between the commit and the worker)."""
    mentor = world.member("keystone", Role.MENTOR)
    with scope(sponsor=world.a):
        return Notification.objects.create(
            sponsor=world.a, user=mentor.user, kind=kind, key=f"concurrent:{kind}", title="Twice?", body="Once.",
            body_html="<p>Once.</p>", delivery=delivery)


def test_two_workers_delivering_one_notification_send_one_e_mail(world, mailoutbox):
    notification = waiting(world, kinds.ALERT.code, "")
    outcomes = together(world.a, lambda: notification_deliver(notification.pk))
    assert sorted(outcomes) == [False, True]
    assert len(mail.outbox) == 1
    assert connection.vendor == "postgresql"


def test_two_digest_jobs_at_once_send_one_digest(world, mailoutbox):
    waiting(world, kinds.SUMMARY.code, Delivery.DIGEST)
    outcomes = together(world.a, digests_send)
    assert sorted(outcomes) == [0, 1]
    assert len(mail.outbox) == 1
