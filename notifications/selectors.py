"""Reads of notifications: the inbox and its unread count, who sees which notification, and how each kind
reaches a person (their choice, the kind's default, or the sponsor's rule that makes it mandatory)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from imt import visibility
from notifications import kinds
from notifications.kinds import Delivery
from notifications.models import Notification, NotificationPreference, SponsorNotificationPolicy

if TYPE_CHECKING:
    from imt.models import User
    from programs.models import Membership, Sponsor

LATEST = 5


@visibility.rule("notification", Notification)
def notifications_visible_to(membership: Membership) -> QuerySet[Notification]:
    """A member sees their own notifications at this sponsor, nobody else's, whatever their role."""
    return Notification.objects.filter(sponsor_id=membership.sponsor_id, user_id=membership.user_id)


def inbox(membership: Membership) -> QuerySet[Notification]:
    """The member's notifications at this sponsor, newest first (the inbox index serves it)."""
    return notifications_visible_to(membership).only(
        "pk", "kind", "title", "body", "url", "created_at", "read_at",
    ).order_by("-created_at", "-pk")


def unread_count(membership: Membership) -> int:
    """How many of the member's notifications at this sponsor are unread: one count on the unread index."""
    return Notification.objects.filter(
        user_id=membership.user_id, sponsor_id=membership.sponsor_id, read_at__isnull=True,
    ).count()


def latest(membership: Membership, n: int = LATEST) -> list[Notification]:
    """The member's `n` newest notifications, for the menu under the bell."""
    return list(inbox(membership)[:n])


def mandatory_kinds(sponsor: Sponsor | int) -> set[str]:
    """The codes of the kinds the sponsor makes mandatory."""
    sponsor_id = sponsor if isinstance(sponsor, int) else sponsor.pk
    return set(SponsorNotificationPolicy.objects.filter(sponsor_id=sponsor_id).values_list("kind", flat=True))


def choices_of(user: User | int, sponsor: Sponsor | int) -> dict[str, str]:
    """The deliveries the person chose at this sponsor, by kind code (kinds without a choice are absent)."""
    user_id = user if isinstance(user, int) else user.pk
    sponsor_id = sponsor if isinstance(sponsor, int) else sponsor.pk
    return dict(
        NotificationPreference.objects.filter(user_id=user_id, sponsor_id=sponsor_id).values_list("kind", "delivery")
    )


def effective_delivery(spec: kinds.Kind, *, chosen: str | None, mandatory: bool) -> str:
    """How a notification of kind `spec` reaches the person: their choice, else the kind's default; a
    mandatory kind comes by e-mail whatever they chose (in the digest when that is what they chose)."""
    delivery = chosen or spec.default
    if mandatory:
        return Delivery.DIGEST if delivery == Delivery.DIGEST else Delivery.NOW
    return delivery


def delivery_for(*, user: User | int, sponsor: Sponsor | int, kind: str) -> str:
    """How a notification of `kind` from `sponsor` reaches `user` now; an unknown kind stays in the app."""
    spec = kinds.KINDS.get(kind)
    if spec is None:
        return Delivery.INAPP
    return effective_delivery(
        spec, chosen=choices_of(user, sponsor).get(kind), mandatory=kind in mandatory_kinds(sponsor),
    )


@dataclass(frozen=True)
class PreferenceRow:
    """One line of the settings page: a kind, what the person chose (or None), and whether it is locked."""

    kind: kinds.Kind
    chosen: str | None
    mandatory: bool

    @property
    def delivery(self) -> str:
        return effective_delivery(self.kind, chosen=self.chosen, mandatory=self.mandatory)

    @property
    def default_label(self) -> str:
        return str(Delivery(self.kind.default).label)


def preference_rows(membership: Membership) -> list[PreferenceRow]:
    """Every kind the member's role receives, with their choice and the sponsor's rule.  Two queries."""
    chosen = choices_of(membership.user_id, membership.sponsor_id)
    mandatory = mandatory_kinds(membership.sponsor_id)
    return [
        PreferenceRow(kind=spec, chosen=chosen.get(spec.code), mandatory=spec.code in mandatory)
        for spec in kinds.for_role(membership.role)
    ]
