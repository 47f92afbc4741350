"""What a status change carries for the registration agency: a reason code from the agency's table
(apprentices/models/status_reasons.py) and the signature of whoever made it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apprentices.models.status_reasons import REASON_REQUIRED_FOR, REASONS_FOR_STATUS
from apprentices.services.signatures import password_recently_confirmed, sign

if TYPE_CHECKING:
    from apprentices.models import Enrollment, Signature
    from imt.models import User

STATUS_CHANGE_MEANING = gettext_lazy("I record this change in the apprenticeship and confirm it is accurate.")


def check_reason_code(to_status: str, reason_code: str | None) -> str:
    """The reason code for a change to `to_status`: required for a cancellation, optional for a
    suspension (from its table), and none for any other change."""
    code = (reason_code or "").strip()
    choices = REASONS_FOR_STATUS.get(to_status)
    if choices is None:
        if code:
            raise ValidationError({"reason_code": _("This change takes no reason code.")})
        return ""
    if not code and to_status in REASON_REQUIRED_FOR:
        raise ValidationError({"reason_code": _("Choose the reason the agency will be told.")})
    if code and code not in choices.values:
        raise ValidationError({"reason_code": _("Choose one of the listed reasons.")})
    return code


def check_password(password_confirmed_at: datetime.datetime | None) -> None:
    """A change made with a password confirmation must have it recent; a change made by the platform
    itself (no confirmation given) is signed by the user who caused it."""
    if password_confirmed_at is not None and not password_recently_confirmed(password_confirmed_at):
        raise ValidationError({"password": _("Confirm your password to sign; it is asked again after 5 minutes.")})


def sign_status_change(
    enrollment: Enrollment, by: User, content: dict[str, Any], password_confirmed_at: datetime.datetime | None,
) -> Signature:
    """Sign a status change of `enrollment` (inside the change's transaction)."""
    return sign(
        sponsor=enrollment.sponsor_id, signer=by, meaning=STATUS_CHANGE_MEANING,
        password_confirmed_at=password_confirmed_at,
        content={"action": "status_change", "enrollment": enrollment.pk, "apprentice": enrollment.full_name,
                 **{key: str(value) for key, value in content.items()}},
    )
