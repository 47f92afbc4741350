"""The checks the RTI and credentials services share: the acting member's permission on records named by a form
rather than by the URL (those the page wrapper has already looked up)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from imt.permissions import require
from programs.models import Membership
from rti import selectors


def require_apprentice(by: Membership, permission: str, apprentice: Membership) -> None:
    """Refuse (PermissionDenied) unless `by` holds `permission` and may see `apprentice`'s records: the
    check of imt.permissions.require for an apprentice named by a form rather than by the URL."""
    require(by, permission)
    if not selectors.is_visible_apprentice(by, apprentice):
        raise PermissionDenied(_("This record is not one of yours to change."))


def require_own_sponsor(by: Membership, *records: Any) -> None:
    """Records chosen in a form (course, provider, instructor …) belong to the acting member's sponsor."""
    if any(record.sponsor_id != by.sponsor_id for record in records):
        raise PermissionDenied(_("This record is not one of yours to change."))
