"""What every detector shares: telling each person once per key, the sponsor-wide reader, recipients and links.

A detector finds its conditions with a fixed number of bulk queries, builds one `Message` per person and
key, and hands them to `tell`, which asks once which keys were already told and calls `notify` for the
others.  A run that finds everything told costs the same few queries whatever the number of apprentices.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse

from imt.permissions import SPONSOR_STAFF, Role
from notifications.models import Notification
from notifications.services import notify
from programs.models import Membership, Sponsor

# Events (a rejection, a sign-off, a request, a returned packet) older than this are not told: a worker
# down for a few days catches up, a first run on years of history does not flood anybody.
EVENT_WINDOW = datetime.timedelta(days=7)

_dry_run: ContextVar[bool] = ContextVar("reminders_dry_run", default=False)


@contextmanager
def dry_run(enabled: bool = True):
    """Within this block detectors count what they would tell and tell nobody."""
    token = _dry_run.set(enabled)
    try:
        yield
    finally:
        _dry_run.reset(token)


@dataclass
class Message:
    member: Membership | None  # the recipient's membership at this sponsor (its user is told); None: nobody
    key: str
    url: str
    context: dict[str, Any] = field(default_factory=dict)


def tell(sponsor: Sponsor, kind: str, messages: Iterable[Message]) -> int:
    """Notify each message's person once for its key: how many were told now (or would be, in a dry run)."""
    messages = [m for m in messages if m.member is not None]
    if not messages:
        return 0
    told = set(
        Notification.objects.filter(sponsor=sponsor, kind=kind, key__in={m.key for m in messages})
        .values_list("user_id", "key")
    )
    fresh: list[tuple[Membership, Message]] = []
    seen = set(told)
    for message in messages:
        assert message.member is not None
        mark = (message.member.user_id, message.key)
        if mark not in seen:
            seen.add(mark)
            fresh.append((message.member, message))
    if _dry_run.get():
        return len(fresh)
    return sum(
        notify(sponsor=sponsor, user=member.user, kind=kind, key=m.key, url=m.url,
               context={**m.context, "member": member}) is not None
        for member, m in fresh
    )


def sponsor_view(sponsor: Sponsor) -> Membership:
    """A reader that sees all of the sponsor, for the other apps' selectors that take a membership: the
    detectors find conditions sponsor-wide, then choose the recipients themselves."""
    return Membership(sponsor=sponsor, role=Role.SPONSOR_ADMIN, is_active=True)


def active_members(sponsor: Sponsor) -> Any:
    """Members who are told anything: active at the sponsor, with an active account."""
    return Membership.objects.filter(sponsor=sponsor, is_active=True, user__is_active=True).select_related("user")


def employer_admins(sponsor: Sponsor, employer_ids: Iterable[int]) -> dict[int, list[Membership]]:
    """The active employer admins of each employer: one query."""
    admins: dict[int, list[Membership]] = defaultdict(list)
    ids = set(employer_ids)
    if ids:
        for member in active_members(sponsor).filter(role=Role.EMPLOYER_ADMIN, employer__in=ids).order_by("pk"):
            admins[member.employer_id].append(member)
    return admins


def sponsor_staff(sponsor: Sponsor) -> list[Membership]:
    return list(active_members(sponsor).filter(role__in=sorted(SPONSOR_STAFF)).order_by("pk"))


def page(name: str, sponsor: Sponsor, *args: Any) -> str:
    """The path of one of the sponsor's pages (notify makes it absolute for the e-mail)."""
    return reverse(name, args=[sponsor.slug, *args])


def absolute(path: str) -> str:
    """A path of this site as a full address, for the links of an e-mail."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"
