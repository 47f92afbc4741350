"""Producing apprenticeship agreements and signing them.

An agreement is produced by the platform itself, never by hand: the original when an apprentice is
enrolled, an amendment when they are transferred to another employer, moved to another standards
version or granted credit for previous experience (agreements/signals.py hands those changes here once
their transaction has committed).  Each triggering change produces at most one agreement.  The
apprentice, the employer and the sponsor each sign it with the platform's electronic signature."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.content import SECTIONS, changed_sections, snapshot
from agreements.models import Agreement, AgreementSignature, Party
from agreements.selectors import parties_for
from apprentices.models import AdvancedStanding, Enrollment, StatusChange, content_hash
from apprentices.services import password_recently_confirmed, sign
from imt.permissions import require

if TYPE_CHECKING:
    from imt.models import User
    from programs.models import Membership

Reason = Agreement.Reason
# What each party's signature says it means.
MEANINGS = {
    Party.APPRENTICE: gettext_noop("I, the apprentice, agree to the terms of this apprenticeship agreement."),
    Party.EMPLOYER: gettext_noop("I sign this apprenticeship agreement for the employer and agree to its terms."),
    Party.SPONSOR: gettext_noop("I sign this apprenticeship agreement for the sponsor and agree to its terms."),
}


def lock(enrollment: Enrollment | int) -> Enrollment:
    """The enrollment re-read under a row lock, so that its agreements are written one at a time."""
    pk = enrollment if isinstance(enrollment, int) else enrollment.pk
    return Enrollment.objects.select_for_update(of=("self",)).get(pk=pk)


def agreement_produce(
    *, enrollment: Enrollment, reason: str, by: User, status_change: StatusChange | None = None,
    standing: AdvancedStanding | None = None, why: str = "", effective_date: datetime.date | None = None,
) -> Agreement:
    """Produce the enrollment's next agreement from its terms as they stand now: number 1 (the original)
    when it has none, else an amendment that says what it amends and why.  Idempotent: a change that
    already produced an agreement (`status_change`, `standing`), or a second original, returns the
    agreement already there."""
    if reason not in Reason.values:
        raise ValueError(f"Unknown reason for an agreement: {reason!r}")
    with transaction.atomic():
        enrollment = lock(enrollment)
        existing = Agreement.objects.filter(enrollment=enrollment)
        if status_change is not None and (found := existing.filter(status_change=status_change).first()):
            return found
        if standing is not None and (found := existing.filter(standing=standing).first()):
            return found
        previous = existing.order_by("-number").first()
        if reason == Reason.ORIGINAL and previous is not None:
            return previous
        terms: dict[str, Any] = snapshot(
            Enrollment.objects.select_related("sponsor", "employer", "program", "standards_version",
                                              "apprentice__user").get(pk=enrollment.pk)
        )
        number = previous.number + 1 if previous else 1
        terms["number"] = number
        if previous is None:
            reason = Reason.ORIGINAL
            terms["amendment"] = None
        else:
            terms["amendment"] = {
                "amends": previous.number, "reason": reason, "reason_label": str(Reason(reason).label),
                "why": why, "effective_date": effective_date.isoformat() if effective_date else "",
                "changes": [SECTIONS[key] for key in changed_sections(previous.content, terms)],
            }
        return Agreement.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, number=number, reason=reason,
            status_change=status_change, standing=standing, content=terms, content_hash=content_hash(terms),
            created_by=by,
        )


def agreement_for_status_change(status_change: StatusChange) -> Agreement | None:
    """The agreement a line of an enrollment's history calls for: the original at enrollment, an
    amendment after a transfer or a move to another standards version; None for any other line."""
    reasons = {StatusChange.Kind.ENROLLED: Reason.ORIGINAL, StatusChange.Kind.TRANSFER: Reason.TRANSFER,
               "standards": Reason.STANDARDS}
    reason = reasons.get(status_change.kind)
    if reason is None:
        return None
    return agreement_produce(
        enrollment=status_change.enrollment, reason=reason, by=status_change.by, status_change=status_change,
        why=status_change.reason, effective_date=status_change.effective_date,
    )


def agreement_for_standing(standing: AdvancedStanding) -> Agreement | None:
    """The amendment that approved credit for previous experience calls for; None unless approved."""
    if standing.status != AdvancedStanding.Status.APPROVED or standing.decided_by is None:
        return None
    return agreement_produce(
        enrollment=standing.enrollment, reason=Reason.CREDIT, by=standing.decided_by, standing=standing,
        why=standing.description,
        effective_date=standing.decided_at.date() if standing.decided_at else None,
    )


def agreement_sign(
    *, agreement: Agreement, by: Membership, party: str, password_confirmed_at: datetime.datetime | None,
) -> AgreementSignature:
    """`by` signs `agreement` as `party` (apprentice, employer or sponsor), with a recently confirmed
    password.  Refused for a party the member cannot sign as, a party that already signed, and an
    agreement a later one has superseded."""
    require(by, "agreements.sign", agreement.enrollment)
    if party not in parties_for(by, agreement):
        raise ValidationError({"party": _("You cannot sign this agreement as that party.")})
    if not password_recently_confirmed(password_confirmed_at):
        raise ValidationError({"password": _("Confirm your password to sign; it is asked again after 5 minutes.")})
    with transaction.atomic():
        lock(agreement.enrollment_id)
        if Agreement.objects.filter(enrollment=agreement.enrollment_id, number__gt=agreement.number).exists():
            raise ValidationError(_("A later amendment replaced this agreement; sign that one instead."))
        if AgreementSignature.objects.filter(agreement=agreement, party=party).exists():
            raise ValidationError(_("The %(party)s has already signed this agreement.")
                                  % {"party": Party(party).label.lower()})
        signature = sign(
            sponsor=agreement.sponsor_id, signer=by.user, meaning=_(MEANINGS[Party(party)]),
            content={"agreement": agreement.pk, "enrollment": agreement.enrollment_id, "number": agreement.number,
                     "party": party, "agreement_hash": agreement.content_hash},
            password_confirmed_at=password_confirmed_at,
        )
        return AgreementSignature.objects.create(
            sponsor_id=agreement.sponsor_id, agreement=agreement, party=party, signature=signature,
        )
