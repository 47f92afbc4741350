"""The e-mails: one notification on its own, or the day's digest of several.

Each has a plain-text and an HTML body, rendered in the recipient's language around the texts the
notification stored when it was made, with the sponsor's name, a button to the page where the action is,
a footer that says why the person gets it, and the one-click unsubscribe headers of RFC 8058 (left out
when the sponsor makes every kind of the e-mail mandatory: the link could change nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from notifications import kinds, tokens
from notifications.services.notify import language_of

if TYPE_CHECKING:
    from imt.models import User
    from notifications.models import Notification
    from programs.models import Sponsor


def absolute(url: str) -> str:
    """A link of the site as an e-mail must carry it: with the site's address in front."""
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def kind_label(code: str) -> str:
    spec = kinds.KINDS.get(code)
    return str(spec.label) if spec else code


def _message(
    *, user: User, subject: str, template: str, context: dict[str, Any], unsubscribe_url: str | None,
) -> EmailMultiAlternatives:
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    headers = {}
    if unsubscribe_url:
        headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:300], body=text, to=[user.email], headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def _common(sponsor: Sponsor, user: User) -> dict[str, Any]:
    return {
        "sponsor": sponsor, "user": user,
        "settings_url": absolute(reverse("notifications_settings", args=[sponsor.slug])),
        "inbox_url": absolute(reverse("notifications_inbox", args=[sponsor.slug])),
    }


def notification_email(notification: Notification, *, mandatory: bool) -> EmailMultiAlternatives:
    """The e-mail of one notification, sent at once."""
    user, sponsor = notification.user, notification.sponsor
    unsubscribe = tokens.url(user_id=user.pk, sponsor_id=sponsor.pk, kind=notification.kind)
    with translation.override(language_of(user)):
        context = {
            **_common(sponsor, user), "notification": notification, "action_url": absolute(notification.url),
            "kind_label": kind_label(notification.kind), "mandatory": mandatory,
            "unsubscribe_url": None if mandatory else unsubscribe,
        }
        return _message(user=user, subject=notification.title, template="notification", context=context,
                        unsubscribe_url=None if mandatory else unsubscribe)


def digest_email(
    *, sponsor: Sponsor, user: User, notifications: Sequence[Notification], mandatory: set[str],
) -> EmailMultiAlternatives:
    """The day's digest: every notification that waited for it, oldest first, each with its link."""
    unsubscribe = tokens.url(user_id=user.pk, sponsor_id=sponsor.pk, kind=tokens.ALL_DIGESTS)
    codes = sorted({n.kind for n in notifications})
    with translation.override(language_of(user)):
        context = {
            **_common(sponsor, user),
            "items": [{"notification": n, "action_url": absolute(n.url)} for n in notifications],
            "kinds": [
                {"label": kind_label(code), "mandatory": code in mandatory,
                 "unsubscribe_url": tokens.url(user_id=user.pk, sponsor_id=sponsor.pk, kind=code)}
                for code in codes
            ],
            "unsubscribe_url": unsubscribe,
        }
        subject = render_to_string("notifications/email/digest_subject.txt", {**context, "count": len(notifications)})
        every_one_mandatory = all(code in mandatory for code in codes)
        return _message(user=user, subject=subject, template="digest", context=context,
                        unsubscribe_url=None if every_one_mandatory else unsubscribe)
