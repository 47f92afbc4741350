"""Skill sign-offs: the apprentice asks for one, a current mentor signs it off (with a fresh password),
and a mentor or the sponsor admin revokes it with a reason.  Every step is kept in the record."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import (
    Enrollment,
    SignOffLevel,
    SignOffRequest,
    SignOffRevocation,
    SkillSignOff,
)
from apprentices.services._records import current_mentor_ids, lock, require_reason, today
from apprentices.services.signatures import password_recently_confirmed, sign
from imt.permissions import require
from imt.text import clean_text, text_problem

if TYPE_CHECKING:
    from imt.models import User
    from jobbook.models import Skill
    from programs.models import Membership

Status = Enrollment.Status
REVOCATION_MEANING = "I revoke this sign-off for the reason given."


def _check_skill(enrollment: Enrollment, skill: Skill | None, field: str = "skill") -> None:
    if skill is None or skill.competency.version_id != enrollment.job_book_version_id:
        raise ValidationError({field: _("Choose a skill of the apprentice's Job Book.")})


def _active_sign_off(enrollment: Enrollment, skill_key: str) -> SkillSignOff | None:
    return SkillSignOff.objects.filter(enrollment=enrollment, skill_key=skill_key, revocation__isnull=True).first()


def sign_off_request(
    *, enrollment: Enrollment, by: User, skill: Skill, mentor: Membership | None = None, note: str | None = "",
) -> SignOffRequest:
    """The apprentice asks (one of) their mentor(s) to observe and sign off a skill.  Refuses a skill
    already signed off or already requested, and a mentor not assigned to them."""
    note = clean_text(note, field="note")
    with transaction.atomic():
        enrollment = lock(enrollment)
        if enrollment.apprentice is None or enrollment.apprentice.user_id != by.pk:
            raise ValidationError(_("Only the apprentice asks for their own sign-offs."))
        if not enrollment.is_open or enrollment.status == Status.SUSPENDED:
            raise ValidationError(_("Sign-offs cannot be requested while the enrollment is %(status)s.")
                                  % {"status": enrollment.get_status_display().lower()})
        _check_skill(enrollment, skill)
        if mentor is not None and mentor.pk not in current_mentor_ids(enrollment):
            raise ValidationError({"mentor": _("Choose one of your mentors.")})
        if _active_sign_off(enrollment, skill.key):
            raise ValidationError({"skill": _("“%(skill)s” is already signed off.") % {"skill": skill.name}})
        if SignOffRequest.objects.filter(
            enrollment=enrollment, skill_key=skill.key, status=SignOffRequest.Status.PENDING
        ).exists():
            raise ValidationError(
                {"skill": _("You already asked for a sign-off of “%(skill)s”.") % {"skill": skill.name}}
            )
        return SignOffRequest.objects.create(
            sponsor_id=enrollment.sponsor_id, enrollment=enrollment, skill=skill, skill_key=skill.key, mentor=mentor,
            note=note, requested_by=by,
        )


def sign_off_request_withdraw(*, request: SignOffRequest, by: User) -> SignOffRequest:
    """The apprentice withdraws a pending sign-off request; doing it twice changes nothing."""
    with transaction.atomic():
        request = SignOffRequest.objects.select_for_update(of=("self",)).select_related("enrollment__apprentice").get(
            pk=request.pk)
        if request.enrollment.apprentice is None or request.enrollment.apprentice.user_id != by.pk:
            raise ValidationError(_("Only the apprentice withdraws their own request."))
        if request.status == SignOffRequest.Status.PENDING:
            request.status = SignOffRequest.Status.WITHDRAWN
            request.resolved_at = timezone.now()
            request.save(update_fields=["status", "resolved_at"])
    return request


def skill_sign_off(
    *, enrollment: Enrollment, skill: Skill, mentor: Membership, level: int | str,
    observed_on: datetime.date | None, comment: str | None = "",
    password_confirmed_at: datetime.datetime | None = None,
) -> SkillSignOff:
    """A mentor's signed statement that the apprentice mastered `skill` (SkillSignOff.MEANING).

    `password_confirmed_at` is when the view last checked the mentor's password; it must be within the
    last five minutes.  Refuses a mentor not currently assigned (or signing their own skill), a level
    off the scale, an observation date in the future or before the start, an enrollment that is not on
    probation or active, and a skill with an active sign-off: under the enrollment's row lock and the
    (enrollment, skill, attempt) unique constraint, two sign-offs at once make exactly one.  Pending
    requests for the skill are fulfilled."""
    errors: dict[str, str] = {}
    if problem := text_problem(comment):
        errors["comment"] = problem
    if not password_recently_confirmed(password_confirmed_at):
        errors["password"] = _("Confirm your password to sign; it is asked again after 5 minutes.")
    try:
        level = SignOffLevel(int(level))
    except (TypeError, ValueError):
        errors["level"] = _("Choose a level on the scale.")
    if observed_on is None:
        errors["observed_on"] = _("Enter the date you observed the skill.")
    elif observed_on > today():
        errors["observed_on"] = _("The observation date cannot be in the future.")
    elif observed_on < enrollment.start_date:
        errors["observed_on"] = _("The observation date is before the apprentice's start date.")
    if errors or observed_on is None:  # no date is among the errors
        raise ValidationError(errors)
    with transaction.atomic():
        enrollment = lock(enrollment)
        _check_skill(enrollment, skill)
        require(mentor, "skills.sign_off", enrollment)  # a mentor sees the apprentices they mentor now
        if enrollment.apprentice and enrollment.apprentice.user_id == mentor.user_id:
            raise ValidationError(_("You cannot sign off your own skills."))
        if enrollment.status not in Enrollment.LOGGING_STATUSES:
            raise ValidationError(_("Skills cannot be signed off while the enrollment is %(status)s.")
                                  % {"status": enrollment.get_status_display().lower()})
        if _active_sign_off(enrollment, skill.key):
            raise ValidationError({"skill": _("“%(skill)s” is already signed off.") % {"skill": skill.name}})
        attempt = SkillSignOff.objects.filter(enrollment=enrollment, skill_key=skill.key).count()
        try:
            with transaction.atomic():
                signature = sign(
                    sponsor=enrollment.sponsor_id, signer=mentor.user, meaning=SkillSignOff.MEANING,
                    password_confirmed_at=password_confirmed_at,
                    content={"action": "skill_sign_off", "enrollment": enrollment.pk,
                             "apprentice": enrollment.full_name, "skill": skill.key, "skill_name": skill.name,
                             "level": int(level), "observed_on": observed_on.isoformat(), "comment": comment or ""},
                )
                sign_off = SkillSignOff.objects.create(
                    sponsor_id=enrollment.sponsor_id, enrollment=enrollment, skill=skill, skill_key=skill.key,
                    attempt=attempt, mentor=mentor, level=level, comment=(comment or "").strip(),
                    observed_on=observed_on, signature=signature,
                )
        except IntegrityError:
            raise ValidationError({"skill": _("“%(skill)s” is already signed off.") % {"skill": skill.name}}) from None
        SignOffRequest.objects.filter(
            enrollment=enrollment, skill_key=skill.key, status=SignOffRequest.Status.PENDING
        ).update(status=SignOffRequest.Status.FULFILLED, sign_off=sign_off, resolved_at=timezone.now())
    return sign_off


def sign_off_revoke(
    *, sign_off: SkillSignOff, by: Membership, reason: str,
    password_confirmed_at: datetime.datetime | None = None,
) -> SignOffRevocation:
    """Revoke a sign-off with a reason: a new signed record; the sign-off itself is kept.  `by` is a
    current mentor of the apprentice or the sponsor admin.  Revoking twice is refused."""
    reason = require_reason(reason)
    with transaction.atomic():
        enrollment = lock(sign_off.enrollment)
        sign_off = SkillSignOff.objects.select_related("skill").get(pk=sign_off.pk)
        require(by, "skills.revoke", sign_off)  # a mentor their current apprentices' sign-offs, the admin all
        if SignOffRevocation.objects.filter(sign_off=sign_off).exists():
            raise ValidationError(_("This sign-off is already revoked."))
        signature = sign(
            sponsor=enrollment.sponsor_id, signer=by.user, meaning=REVOCATION_MEANING,
            content={"action": "revoke_sign_off", "sign_off": sign_off.pk, "skill": sign_off.skill_key,
                     "skill_name": sign_off.skill.name, "reason": reason},
        )
        return SignOffRevocation.objects.create(
            sponsor_id=enrollment.sponsor_id, sign_off=sign_off, reason=reason, by=by.user, signature=signature
        )
