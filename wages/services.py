"""Writes of wage progression: noticing the raises a schedule makes due, and the employer admin's
decision on each (a signed confirmation from an effective date, or the reason why not)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from apprentices.models import AdvancedStanding, Enrollment, OJTEntry
from apprentices.services import sign
from apprentices.services._records import require_reason
from imt.permissions import require
from programs.models import Sponsor
from wages import selectors
from wages.models import RaiseDue, WageDecision
from wages.schedule import add_months, steps_of

if TYPE_CHECKING:
    from programs.models import Membership

CONFIRM_MEANING = gettext_lazy("I confirm this raise of the apprentice's wage from the effective date shown.")


def raises_detect(enrollment: Enrollment, today: datetime.date | None = None) -> list[RaiseDue]:
    """Write a RaiseDue for every step of the enrollment's wage schedule that its approved hours, months
    in the program or competencies mastered have reached and that has none yet.  Safe to run any number
    of times and at the same time: the (enrollment, step) pair is unique and a second insert of it is
    ignored.  Returns the raises this call found new."""
    today = today or timezone.localdate()
    enrollment = Enrollment.objects.select_related("standards_version").get(pk=enrollment.pk)
    if not enrollment.is_open:
        return []
    steps = steps_of(enrollment.standards_version.wage_schedule)
    if not any(step.threshold > 0 for step in steps):
        return []
    metrics = selectors.metrics_of(enrollment, steps, today)
    known = set(RaiseDue.objects.filter(enrollment=enrollment).values_list("step", flat=True))
    new = [
        RaiseDue(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, step=step.index, basis=step.basis,
            reached_on=min(add_months(enrollment.start_date, step.threshold), today)
            if step.basis == "months" else today,
        )
        for step in steps if step.index not in known and metrics.reached(step)
    ]
    if new:
        with transaction.atomic():
            RaiseDue.objects.bulk_create(new, ignore_conflicts=True)
    return new


def raises_detect_after(sponsor_id: int, what: str, ids: Iterable[int]) -> int:
    """raises_detect for the open enrollments of one sponsor named by `ids` of OJT entries ("entries"),
    advanced standings ("standings") or enrollments ("enrollments"); how many raises were new."""
    sponsor = Sponsor.objects.get(pk=sponsor_id)
    ids = list(ids)
    found = 0
    with scope(sponsor=sponsor):
        if what == "entries":
            named: Any = OJTEntry.objects.filter(sponsor=sponsor, pk__in=ids).values("enrollment_id")
        elif what == "standings":
            named = AdvancedStanding.objects.filter(sponsor=sponsor, pk__in=ids).values("enrollment_id")
        else:
            named = ids
        enrollments = Enrollment.objects.filter(sponsor=sponsor, status__in=Enrollment.OPEN_STATUSES, pk__in=named)
        for enrollment in enrollments:
            found += len(raises_detect(enrollment))
    return found


def raises_detect_all(today: datetime.date | None = None) -> int:
    """The daily pass over every open enrollment of every sponsor (months in the program advance with
    the calendar, not with any action)."""
    found = 0
    for sponsor in Sponsor.objects.order_by("pk"):
        with scope(sponsor=sponsor):
            for enrollment in Enrollment.objects.filter(sponsor=sponsor, status__in=Enrollment.OPEN_STATUSES):
                found += len(raises_detect(enrollment, today))
    return found


def _pending(raise_due: RaiseDue, by: Membership) -> RaiseDue:
    require(by, "wages.decide", raise_due.enrollment)
    locked = RaiseDue.objects.select_for_update().select_related("enrollment__standards_version").get(
        pk=raise_due.pk)
    if WageDecision.objects.filter(raise_due=locked).exists():
        raise ValidationError(_("This raise has already been decided."))
    return locked


def raise_confirm(
    *, raise_due: RaiseDue, by: Membership, effective_date: datetime.date,
    confirmed_at: datetime.datetime | None,
) -> WageDecision:
    """The employer admin confirms a raise from `effective_date`, signed (after a recent password
    confirmation); the decision keeps the hourly rate and the percentage of the step."""
    if confirmed_at is None:
        raise ValidationError({"password": _("Confirm your password to sign.")})
    with transaction.atomic():
        locked = _pending(raise_due, by)
        enrollment = locked.enrollment
        if effective_date < enrollment.start_date:
            raise ValidationError({"effective_date": _("The raise cannot take effect before the apprentice started.")})
        version = enrollment.standards_version
        step = next((s for s in steps_of(version.wage_schedule) if s.index == locked.step), None)
        if step is None:
            raise ValidationError(_("This step is no longer in the apprentice's wage schedule."))
        rate = step.rate(version.journeyworker_wage)
        signature = sign(
            sponsor=enrollment.sponsor_id, signer=by.user, meaning=CONFIRM_MEANING, password_confirmed_at=confirmed_at,
            content={"action": "confirm_raise", "enrollment": enrollment.pk, "apprentice": enrollment.full_name,
                     "step": step.number, "trigger": step.trigger(), "effective_date": effective_date.isoformat(),
                     "hourly_rate": str(rate) if rate is not None else "",
                     "percent": str(step.percent) if step.percent is not None else ""},
        )
        return WageDecision.objects.create(
            sponsor_id=enrollment.sponsor_id, raise_due=locked, decision=WageDecision.Decision.CONFIRM,
            effective_date=effective_date, hourly_rate=rate, percent=step.percent, signature=signature,
            decided_by=by.user,
        )


def raise_decline(*, raise_due: RaiseDue, by: Membership, reason: str) -> WageDecision:
    """The employer admin records why a raise due is not granted (the reason is required)."""
    reason = require_reason(reason, message=_("Say why the raise is not granted; it is kept in the record."))
    with transaction.atomic():
        locked = _pending(raise_due, by)
        return WageDecision.objects.create(
            sponsor_id=locked.sponsor_id, raise_due=locked, decision=WageDecision.Decision.DECLINE, reason=reason,
            decided_by=by.user,
        )
