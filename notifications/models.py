from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_once_per_key"),
        ]
        indexes = [models.Index(fields=["user", "sponsor", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title
