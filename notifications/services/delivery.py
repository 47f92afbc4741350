"""Sending notifications by e-mail, as each person chose: one e-mail at once, or the daily digest.

Every send is idempotent: the notification rows are locked, only those not yet e-mailed are sent, and
they are stamped in the same transaction, so a retried task, two workers or the digest job run twice
send nothing twice.  An e-mail that fails rolls its stamp back and is sent again by the retry.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from imt.models import User
from notifications import kinds, selectors
from notifications.email import digest_email, notification_email
from notifications.kinds import Delivery
from notifications.models import Digest, Notification
from programs.models import Membership, Sponsor

logger = logging.getLogger(__name__)


def can_email(user: User, sponsor_id: int) -> bool:
    """Whether `user` may be e-mailed for this sponsor: an active person with an active membership there."""
    if not user.is_active or not user.email:
        return False
    return Membership.objects.filter(
        user=user, sponsor_id=sponsor_id, is_active=True, sponsor__is_active=True,
    ).exists()


def notification_deliver(notification_id: int) -> bool:
    """Decide once how the notification reaches its recipient (their choice, the kind's default, the
    sponsor's mandatory kinds) and, when that is "at once", e-mail it unless it was e-mailed before or the
    person or membership is inactive.  True when an e-mail went out.  Runs in the sponsor's scope."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",)).select_related("user", "sponsor")
            .filter(pk=notification_id).first()
        )
        if notification is None:
            return False
        if not notification.delivery:
            notification.delivery = selectors.delivery_for(
                user=notification.user_id, sponsor=notification.sponsor_id, kind=notification.kind)
            notification.save(update_fields=["delivery"])
        if notification.delivery != Delivery.NOW or notification.emailed_at is not None:
            return False
        if not can_email(notification.user, notification.sponsor_id):
            return False
        mandatory = notification.kind in selectors.mandatory_kinds(notification.sponsor_id)
        notification_email(notification, mandatory=mandatory).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def digest_send(*, sponsor: Sponsor, user_id: int, day: datetime.date) -> Digest | None:
    """The day's digest e-mail of one person at one sponsor: every notification waiting for a digest, in
    one e-mail, at most one a day.  None when there was nothing to send, the person may not be e-mailed,
    or today's digest already went out (what came since waits for tomorrow's)."""
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update(of=("self",)).select_related("user")
            .filter(sponsor=sponsor, user_id=user_id, delivery=Delivery.DIGEST, emailed_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not waiting:
            return None
        user = waiting[0].user
        # What the person no longer wants by e-mail (they chose "in the app only" since, or cannot be
        # e-mailed any more) stays in the inbox and leaves the digest's queue.
        chosen = selectors.choices_of(user, sponsor)
        mandatory = selectors.mandatory_kinds(sponsor)
        emailable = can_email(user, sponsor.pk)

        def still_wanted(notification: Notification) -> bool:
            spec = kinds.KINDS.get(notification.kind)
            return emailable and spec is not None and selectors.effective_delivery(
                spec, chosen=chosen.get(notification.kind), mandatory=notification.kind in mandatory,
            ) != Delivery.INAPP

        items = [n for n in waiting if still_wanted(n)]
        dropped = [n.pk for n in waiting if not still_wanted(n)]
        if dropped:
            Notification.objects.filter(pk__in=dropped).update(delivery=Delivery.INAPP)
        if not items:
            return None
        digest, created = Digest.objects.get_or_create(sponsor=sponsor, user=user, day=day)
        if not created:
            return None
        digest_email(sponsor=sponsor, user=user, notifications=items, mandatory=mandatory).send()
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now(), digest=digest)
    return digest


def digests_send(*, day: datetime.date | None = None) -> int:
    """The daily job: each person's digest at each active sponsor; how many e-mails went out.  One person's
    failed e-mail is logged and left for the next run; the others still go."""
    day = day or timezone.localdate()
    sent = 0
    for sponsor in Sponsor.objects.filter(is_active=True).order_by("pk"):
        with scope(sponsor=sponsor):
            user_ids = sorted(set(
                Notification.objects.filter(sponsor=sponsor, delivery=Delivery.DIGEST, emailed_at__isnull=True)
                .values_list("user_id", flat=True)
            ))
            for user_id in user_ids:
                try:
                    if digest_send(sponsor=sponsor, user_id=user_id, day=day):
                        sent += 1
                except OSError:
                    logger.exception("The digest of user %s at sponsor %s was not sent; the next run tries again",
                                     user_id, sponsor.pk)
    return sent
