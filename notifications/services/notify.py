"""Telling people: `notify` records a notification once per key and hands it to its delivery."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from imt import dispatch
from notifications import kinds
from notifications.models import Notification

if TYPE_CHECKING:
    from imt.models import User
    from programs.models import Sponsor


def language_of(user: User) -> str:
    """The language the person reads: their own choice once they can make one, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notify(
    *, sponsor: Sponsor, user: User, kind: str, key: str, url: str = "", context: dict[str, Any] | None = None,
) -> Notification | None:
    """Tell `user` about `kind` at `sponsor` once for `key`: the new notification, or None when this
    key was already told (running a job twice sends nothing twice).  The texts are rendered from the
    kind's templates in the recipient's language when the notification is made."""
    spec = kinds.get(kind)
    context = {**(context or {}), "user": user, "sponsor": sponsor, "url": url,
               "absolute_url": f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url}
    with translation.override(language_of(user)):
        title = " ".join(render_to_string(f"{spec.template}_subject.txt", context).split())
        body = render_to_string(f"{spec.template}.txt", context).strip()
        body_html = render_to_string(f"{spec.template}.html", context).strip()
    if Notification.objects.filter(user=user, kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                sponsor=sponsor, user=user, kind=kind, key=key, title=title[:300], body=body, body_html=body_html,
                url=url,
            )
    except IntegrityError:  # the same key made at the same moment by another run
        return None
    transaction.on_commit(lambda: deliver(notification.pk))
    return notification


def deliver(notification_id: int) -> None:
    """Hand the notification to a worker, which sends it as its recipient chose
    (notifications.services.delivery.notification_deliver); at once outside a transaction, else once it
    commits."""
    from notifications.tasks import deliver_notification

    dispatch.send_on_commit(deliver_notification, notification_id)
