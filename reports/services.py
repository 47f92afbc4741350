"""The one write of the reports app: an apprentice's voluntary disability self-identification."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apprentices.models import Demographics, Enrollment
from imt.permissions import require
from programs.models import Membership


def disability_self_identify(*, enrollment: Enrollment, by: Membership, answer: str) -> Demographics:
    """Record the apprentice's own answer to the disability question (yes, no or prefer not to answer) on
    their enrollment's demographics, leaving every other answer as it was."""
    require(by, "demographics.self_identify", enrollment)
    if enrollment.apprentice_id != by.pk:
        raise PermissionDenied(_("Only the apprentice may answer for themself."))
    if answer not in Demographics.Disability.values:
        raise ValidationError({"disability": _("Choose one of the listed answers.")})
    with transaction.atomic():
        demographics, _created = Demographics.objects.update_or_create(
            enrollment=enrollment,
            defaults={"sponsor_id": enrollment.sponsor_id, "disability": answer, "updated_by": by.user},
        )
    return demographics
