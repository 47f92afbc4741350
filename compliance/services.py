"""Writes of ratio compliance and probation: the ratio check at enrollment, mentor assignment and a change of
the journeyworker roster (refused, or let through by a signed override with a reason, as the standards
version says), the roster itself, and the outcome of a probation."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, StatusChange
from apprentices.services import enrollment_change_status, password_recently_confirmed, sign
from compliance import selectors
from compliance.models import Journeyworker, ProbationOutcome, RatioOverride
from imt.permissions import Role, require
from imt.text import clean_text
from programs.models import Employer, Membership, RatioPolicy

if TYPE_CHECKING:
    from imt.models import User

OVERRIDE_FIELD = "override_reason"
OVERRIDE_MEANING = _("I authorise exceeding the apprentice-to-journeyworker ratio for the reason given.")


def _reason(reason: str | None, field: str = "reason") -> str:
    reason = clean_text(reason, field=field)
    if not reason:
        raise ValidationError({field: _("Give a reason; it is kept in the record.")})
    return reason


def _lock_employer(employer_id: int) -> None:
    """Ratio checks of one employer run one at a time (two enrollments cannot both take the last place)."""
    Employer.objects.select_for_update().filter(pk=employer_id).first()


def settle(
    breaches: Sequence[selectors.Breach], *, by: User, override: Mapping[str, Any] | None, action: str,
    field: str | None, standards_version_id: int, enrollment: Enrollment | None = None,
) -> list[RatioOverride]:
    """Refuse `breaches` (policy "refuse" of the strictest ratio among them), or record a signed override
    for each when `override` carries a reason and a recent password confirmation.  Nothing when none."""
    if not breaches:
        return []
    message = " ".join(b.describe() for b in breaches)
    if any(b.ratio.policy == RatioPolicy.REFUSE for b in breaches):
        raise ValidationError({field: message + " " + _("The program's standards refuse it.")} if field
                              else message + " " + _("The program's standards refuse it."))
    reason = clean_text((override or {}).get("reason"), field=OVERRIDE_FIELD)
    if not reason:
        raise ValidationError({OVERRIDE_FIELD: message + " " + _(
            "To go ahead, give the reason for an override and sign it with your password.")}, code="override")
    if not password_recently_confirmed((override or {}).get("password_confirmed_at")):
        raise ValidationError({OVERRIDE_FIELD: _("Confirm your password to sign the override.")}, code="override")
    first = breaches[0].employer
    signature = sign(sponsor=first.sponsor_id, signer=by, meaning=OVERRIDE_MEANING, password_confirmed_at=(
        (override or {}).get("password_confirmed_at")), content={
        "action": action, "reason": reason, "enrollment": enrollment.pk if enrollment else None,
        "breaches": [{"employer": b.employer.pk, "mentor": b.mentor.pk if b.mentor else None,
                      "apprentices": b.apprentices, "journeyworkers": b.journeyworkers, "ratio": str(b.ratio)}
                     for b in breaches],
    })
    return [
        RatioOverride.objects.create(
            sponsor_id=first.sponsor_id, action=action, scope=b.scope, employer=b.employer, mentor=b.mentor,
            enrollment=enrollment, standards_version_id=standards_version_id, apprentices=b.apprentices,
            journeyworkers=b.journeyworkers, reason=reason, signature=signature, by=by,
        )
        for b in breaches
    ]


def check_assignment(
    *, enrollment: Enrollment, mentors: Sequence[Membership], by: User, override: Mapping[str, Any] | None,
    enrolling: bool,
) -> list[RatioOverride]:
    """The ratio check of a new enrollment (the employer's and each mentor's) or of a mentor assignment
    (the mentor's), run inside the service's transaction after its write, with the ratio of the
    enrollment's standards version.  Registered as a check of apprentices' services (compliance/apps.py)."""
    _lock_employer(enrollment.employer_id)
    ratio = selectors.ratio_of(enrollment.standards_version)
    employer = enrollment.employer
    breaches = []
    if enrolling:
        count = selectors.employer_load(employer.pk)[0]
        journeyworkers = selectors.journeyworkers_at(employer)
        if not ratio.allows(count, journeyworkers):
            breaches.append(selectors.Breach("employer", employer, ratio, count, journeyworkers))
    for mentor in {m.pk: m for m in mentors}.values():
        count = selectors.mentor_load(mentor.pk)
        if not ratio.allows(count, 1):
            breaches.append(selectors.Breach("mentor", employer, ratio, count, 1, mentor=mentor))
    return settle(
        breaches, by=by, override=override, enrollment=enrollment, field="mentors" if enrolling else "mentor",
        action=RatioOverride.Action.ENROLLMENT if enrolling else RatioOverride.Action.MENTOR,
        standards_version_id=enrollment.standards_version_id,
    )


def check_roster(*, employer: Employer, by: User, override: Mapping[str, Any] | None) -> list[RatioOverride]:
    """The employer's ratio after a change of its journeyworker roster, under the strictest ratio of its
    open enrollments' standards versions."""
    count, ratios = selectors.employer_load(employer.pk)
    if not count:
        return []
    ratio = selectors.strictest(ratios)
    journeyworkers = selectors.journeyworkers_at(employer)
    if ratio.allows(count, journeyworkers):
        return []
    version = (
        Enrollment.objects.filter(employer=employer, status__in=selectors.OPEN,
                                  standards_version__ratio_apprentices=ratio.apprentices,
                                  standards_version__ratio_journeyworkers=ratio.journeyworkers)
        .values_list("standards_version_id", flat=True).first()
    )
    return settle([selectors.Breach("employer", employer, ratio, count, journeyworkers)], by=by, override=override,
                  action=RatioOverride.Action.ROSTER, field=None, standards_version_id=version or 0)


def journeyworker_add(
    *, employer: Employer, by: Membership, name: str, worksite: str = "", membership: Membership | None = None,
    counts: bool = True, start_date: datetime.date | None = None, override: Mapping[str, Any] | None = None,
) -> Journeyworker:
    """Record a journeyworker at `employer` (a person without a sign-in, or a mentor who does or does not
    count for the ratio).  Recording that a mentor does not count is checked against the employer's ratio
    (refused or overridden); adding one who counts only makes room."""
    require(by, "journeyworkers.manage", employer)
    name = clean_text(name, field="name")
    if membership is not None:
        if membership.role != Role.MENTOR or membership.employer_id != employer.pk:
            raise ValidationError({"membership": _("Choose a mentor of %(employer)s.") % {"employer": employer}})
        name = name or membership.user.get_full_name()
    if not name:
        raise ValidationError({"name": _("Enter the journeyworker's name.")})
    with transaction.atomic():
        _lock_employer(employer.pk)
        # The same person on the roster already (a retried request, a double click) is not a second one.
        same = Journeyworker.objects.filter(
            employer=employer, name__iexact=name, membership=membership, counts=counts, end_date__isnull=True,
        ).first()
        if same is not None:
            return same
        journeyworker = Journeyworker.objects.create(
            sponsor_id=employer.sponsor_id, employer=employer, name=name,
            worksite=clean_text(worksite, field="worksite"), membership=membership, counts=counts,
            start_date=start_date or timezone.localdate(), created_by=by.user,
        )
        if membership is not None and not counts:  # a mentor who no longer counts: one journeyworker fewer
            check_roster(employer=employer, by=by.user, override=override)
    return journeyworker


def journeyworker_end(
    *, journeyworker: Journeyworker, by: Membership, end_date: datetime.date | None = None,
    override: Mapping[str, Any] | None = None,
) -> Journeyworker:
    """End a recorded journeyworker (kept in the roster's history).  Ending one who counted is checked
    against the employer's ratio after it (refused or overridden)."""
    require(by, "journeyworkers.manage", journeyworker)
    with transaction.atomic():
        _lock_employer(journeyworker.employer_id)
        journeyworker = Journeyworker.objects.select_for_update().get(pk=journeyworker.pk)
        if journeyworker.end_date is not None:
            return journeyworker
        journeyworker.end_date = max(end_date or timezone.localdate(), journeyworker.start_date)
        journeyworker.save(update_fields=["end_date"])
        if journeyworker.membership_id is None and journeyworker.counts:  # one journeyworker fewer
            check_roster(employer=journeyworker.employer, by=by.user, override=override)
    return journeyworker


def probation_outcome_record(
    *, enrollment: Enrollment, by: Membership, outcome: str, reason: str,
    password_confirmed_at: datetime.datetime | None, new_end: datetime.date | None = None,
    effective_date: datetime.date | None = None, reason_code: str = "",
) -> ProbationOutcome:
    """End or extend a probation, signed: passed makes the apprenticeship active, extended moves the end
    of probation (within the legal maximum of the enrollment's standards version), cancelled cancels the
    apprenticeship during probation."""
    require(by, "probation.decide", enrollment)
    reason = _reason(reason)
    if not password_recently_confirmed(password_confirmed_at):
        raise ValidationError({"password": _("Confirm your password to sign.")})
    effective_date = effective_date or timezone.localdate()
    Outcome = ProbationOutcome.Outcome
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update(of=("self",)).select_related("standards_version").get(
            pk=enrollment.pk)
        if enrollment.status != Enrollment.Status.PROBATION:
            raise ValidationError(_("%(name)s is not on probation (the apprenticeship is %(status)s).")
                                  % {"name": enrollment.full_name, "status": enrollment.get_status_display().lower()})
        previous_end, status_change = enrollment.probation_end, None
        if outcome == Outcome.EXTENDED:
            limit = selectors.probation_limit(enrollment)
            if new_end is None or new_end <= previous_end:
                raise ValidationError({"new_end": _("Choose a date after the current end of probation, %(date)s.")
                                       % {"date": previous_end.isoformat()}})
            if new_end > limit:
                raise ValidationError({"new_end": _(
                    "Probation may last at most 25%% of the term or one year, whichever is less: until %(date)s "
                    "at the latest.") % {"date": limit.isoformat()}})
            Enrollment.objects.filter(pk=enrollment.pk).update(probation_end=new_end)
        elif outcome in (Outcome.PASSED, Outcome.CANCELLED):
            to = Enrollment.Status.ACTIVE if outcome == Outcome.PASSED else Enrollment.Status.CANCELLED
            enrollment_change_status(enrollment=enrollment, to_status=to, effective_date=effective_date,
                                     reason=reason, by=by.user, password_confirmed_at=password_confirmed_at,
                                     reason_code=reason_code if outcome == Outcome.CANCELLED else "")
            status_change = StatusChange.objects.filter(enrollment=enrollment).order_by("-pk").first()
        else:
            raise ValidationError({"outcome": _("Choose an outcome.")})
        signature = sign(sponsor=enrollment.sponsor_id, signer=by.user, password_confirmed_at=password_confirmed_at,
                         meaning=_("I record this outcome of the apprentice's probation."), content={
                             "enrollment": enrollment.pk, "outcome": outcome, "reason": reason,
                             "previous_end": previous_end.isoformat(),
                             "new_end": new_end.isoformat() if new_end and outcome == Outcome.EXTENDED else None,
                             "effective_date": effective_date.isoformat()})
        return ProbationOutcome.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, outcome=outcome, effective_date=effective_date,
            previous_end=previous_end, new_end=new_end if outcome == Outcome.EXTENDED else None, reason=reason,
            status_change=status_change, signature=signature, by=by.user,
        )
