"""How each kind reaches a person (their preferences), the kinds a sponsor makes mandatory, and the
unsubscribe link's change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imt.permissions import require
from notifications import kinds, selectors
from notifications.kinds import Delivery
from notifications.models import NotificationPreference, SponsorNotificationPolicy

if TYPE_CHECKING:
    from imt.models import User
    from programs.models import Membership, Sponsor


def _set(*, user: User, sponsor: Sponsor, spec: kinds.Kind, delivery: str) -> None:
    # A choice equal to the kind's default is no choice: the person follows the default if it changes.
    if delivery == spec.default:
        NotificationPreference.objects.filter(user=user, sponsor=sponsor, kind=spec.code).delete()
    else:
        NotificationPreference.objects.update_or_create(
            user=user, sponsor=sponsor, kind=spec.code, defaults={"delivery": delivery},
        )


def preferences_save(*, by: Membership, choices: Mapping[str, str]) -> int:
    """Record the member's choice for each kind their role receives; the kinds the sponsor makes mandatory
    keep coming by e-mail and are not changed here.  How many kinds were given."""
    require(by, "notifications.manage_own")
    mandatory = selectors.mandatory_kinds(by.sponsor_id)
    allowed = {spec.code: spec for spec in kinds.for_role(by.role)}
    valid = set(Delivery.values)
    saved = 0
    with transaction.atomic():
        for code, delivery in choices.items():
            spec = allowed.get(code)
            if spec is None or code in mandatory:
                continue
            if delivery not in valid:
                raise ValidationError(_("Choose how this notification reaches you."))
            _set(user=by.user, sponsor=by.sponsor, spec=spec, delivery=delivery)
            saved += 1
    return saved


def policy_save(*, by: Membership, mandatory: Iterable[str]) -> set[str]:
    """The sponsor admin's list of mandatory kinds (among those that may be): the rows of the others go."""
    require(by, "sponsor.edit_profile")
    allowed = {spec.code for spec in kinds.may_be_mandatory()}
    wanted = set(mandatory) & allowed
    with transaction.atomic():
        SponsorNotificationPolicy.objects.filter(sponsor=by.sponsor).exclude(kind__in=wanted).delete()
        known = selectors.mandatory_kinds(by.sponsor)
        SponsorNotificationPolicy.objects.bulk_create([
            SponsorNotificationPolicy(sponsor=by.sponsor, kind=code, set_by=by.user)
            for code in sorted(wanted - known)
        ], ignore_conflicts=True)
    return wanted


def unsubscribe_kinds(*, membership: Membership, kind: str | None) -> list[kinds.Kind]:
    """The kinds an unsubscribe link would switch to in-app only: the one it names (None for a digest
    link: every kind that now comes in the digest), leaving out those the sponsor makes mandatory."""
    mandatory = selectors.mandatory_kinds(membership.sponsor_id)
    if kind is not None:
        spec = kinds.KINDS.get(kind)
        return [spec] if spec is not None and kind not in mandatory else []
    return [
        row.kind for row in selectors.preference_rows(membership)
        if not row.mandatory and row.delivery == Delivery.DIGEST
    ]


def unsubscribe(*, membership: Membership, kind: str | None) -> list[kinds.Kind]:
    """What the unsubscribe link does (signed by the site, no sign-in needed): the kind it names (or, for a
    digest's link, every kind in the digest) comes only in the app from now on.  A mandatory kind cannot be
    unsubscribed: ValidationError, nothing changed.  Safe to repeat."""
    if kind is not None and kind in selectors.mandatory_kinds(membership.sponsor_id):
        raise ValidationError(
            _("%(sponsor)s requires these e-mails; they cannot be turned off.") % {"sponsor": membership.sponsor.name})
    stopped = unsubscribe_kinds(membership=membership, kind=kind)
    with transaction.atomic():
        for spec in stopped:
            _set(user=membership.user, sponsor=membership.sponsor, spec=spec, delivery=Delivery.INAPP)
    return stopped
