from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery
from programs.models import SponsorRecord


class Notification(SponsorRecord):
    """One thing one person was told, in the inbox and (by their choice) by e-mail.

    The notification log as well: `(user, kind, key)` is unique, so a job that runs twice in a period,
    or a retried task, finds the row of the first run and tells nobody twice.  The key names the
    condition and its period (`"no-hours:<enrollment>:<last day logged>"`, `"queue:<mentor>:<date>"`).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # How it reaches the person, decided once when it is handed to delivery (empty until then): at once,
    # in the next daily digest, or only in the inbox.
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, blank=True)
    digest = models.ForeignKey(
        "notifications.Digest", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["user", "sponsor", "read_at"], name="notification_unread_idx"),
            # The inbox, newest first, and the digest job's look-up of what waits for it.
            models.Index(fields=["user", "sponsor", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_digest_idx"),
        ]

    @property
    def preview(self) -> str:
        """The text on one line, as the inbox shows it under the title."""
        from notifications.preview import one_line

        return one_line(self.body)

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(SponsorRecord):
    """How one person wants one kind of notification from one sponsor; without a row, the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "sponsor", "kind"], name="notification_preference_once"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"


class SponsorNotificationPolicy(SponsorRecord):
    """A kind the sponsor makes mandatory: its members get it by e-mail whatever they chose."""

    kind = models.CharField(_("kind"), max_length=60)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mandatory notification")
        verbose_name_plural = _("mandatory notifications")
        constraints = [
            models.UniqueConstraint(fields=["sponsor", "kind"], name="notification_policy_once"),
        ]

    def __str__(self):
        return self.kind


class Digest(SponsorRecord):
    """The daily digest e-mail one person got from one sponsor on one day: at most one a day (the unique
    day), whatever the number of runs of the job."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest e-mail")
        verbose_name_plural = _("digest e-mails")
        constraints = [
            models.UniqueConstraint(fields=["user", "sponsor", "day"], name="notification_digest_once_a_day"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.day}"
