"""The inbox's writes: a notification is read when its person opens it, or all at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from imt.permissions import require
from notifications.models import Notification

if TYPE_CHECKING:
    from programs.models import Membership


def notification_open(*, notification: Notification, by: Membership) -> Notification:
    """Mark the member's own notification read (the first time only: opening it again changes nothing)."""
    require(by, "notifications.view", notification)
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, by: Membership) -> int:
    """Mark every unread notification of the member at this sponsor read; how many were unread."""
    require(by, "notifications.manage_own")
    with transaction.atomic():
        return Notification.objects.filter(
            user_id=by.user_id, sponsor_id=by.sponsor_id, read_at__isnull=True,
        ).update(read_at=timezone.now())
