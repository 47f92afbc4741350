"""Roles and the one permission vocabulary of the platform.

A membership may do something when its role holds the permission:
`membership.can("members.manage")`.  Views use `permission_required` or
`PermissionRequiredMixin`; object-level rules (an employer admin sees only their
employer's records) stay in the views' querysets.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SPONSOR_ADMIN = "sponsor_admin", _("Sponsor admin")
    SPONSOR_REVIEWER = "sponsor_reviewer", _("Sponsor reviewer")
    EMPLOYER_ADMIN = "employer_admin", _("Employer admin")
    MENTOR = "mentor", _("Mentor")
    INSTRUCTOR = "instructor", _("Instructor")
    APPRENTICE = "apprentice", _("Apprentice")


SPONSOR_STAFF = frozenset({Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER})
EMPLOYER_ROLES = frozenset({Role.EMPLOYER_ADMIN, Role.MENTOR, Role.APPRENTICE})
ALL_ROLES = frozenset(Role)

PERMISSIONS = {
    "dashboard.view": ALL_ROLES,
    "sponsor.view_all": SPONSOR_STAFF,
    "sponsor.edit_profile": {Role.SPONSOR_ADMIN},
    "employers.manage": {Role.SPONSOR_ADMIN},
    "members.view": {Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER},
    "members.manage": {Role.SPONSOR_ADMIN},
    "programs.manage": {Role.SPONSOR_ADMIN},
    "jobbook.view": ALL_ROLES,
    "jobbook.edit": {Role.SPONSOR_ADMIN, Role.EMPLOYER_ADMIN},
    "apprentices.enroll": {Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN},
    "hours.log": {Role.APPRENTICE},
    "hours.approve": {Role.MENTOR},
    "skills.sign_off": {Role.MENTOR},
    "standing.request": {Role.EMPLOYER_ADMIN},
    "standing.decide": SPONSOR_STAFF,
    "rti.manage": SPONSOR_STAFF,
    "rti.record_results": {Role.INSTRUCTOR, Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER},
    "rti.request_credit": {Role.APPRENTICE, Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER},
    "rti.decide_credit": SPONSOR_STAFF,
    "credentials.record": {Role.APPRENTICE, Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER},
    "credentials.verify": SPONSOR_STAFF,
    "credentials.manage_types": SPONSOR_STAFF,
    "records.view": {Role.APPRENTICE, Role.EMPLOYER_ADMIN, Role.MENTOR, Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER},
    "completion.recommend": {Role.EMPLOYER_ADMIN},
    "completion.review": SPONSOR_STAFF,
    "audit.view": SPONSOR_STAFF,
}


def role_can(role, permission):
    try:
        return role in PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}; add it to imt.permissions.PERMISSIONS.") from None


def permission_required(permission):
    """Decorator for a sponsor-scoped view: 403 unless the member's role holds `permission`."""
    role_can(None, permission)  # fail at import time on a misspelt permission

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or not membership.can(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermissionRequiredMixin:
    """Class-based counterpart of `permission_required`."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if self.permission is None:
            raise ValueError(f"{type(self).__name__} must name its permission.")
        if membership is None or not membership.can(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
