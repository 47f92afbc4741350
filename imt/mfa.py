"""An authenticator app (TOTP) for the members a sponsor's rule covers, with a grace period.

A sponsor requires one of its admins and reviewers, or of everyone (programs.models.MfaPolicy).  A
covered member without one is reminded on every page for MFA_GRACE_DAYS after the rule began to apply
to them; after that, every sponsor page sends them to set one up.  Account and MFA pages, sign-out,
/healthz/ and static files are not sponsor pages, so they stay reachable and nobody is shut out of the
setup itself.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


@dataclass(frozen=True)
class MfaRequirement:
    """The signed-in user must set up an authenticator app by `deadline`."""

    deadline: datetime

    @property
    def overdue(self):
        return timezone.now() >= self.deadline


def requirement_for(user, memberships):
    """What `user` still owes: None when no membership's rule covers them or they have an authenticator app.

    With several sponsors, the earliest deadline counts: it is one sign-in for all of them."""
    if not user.is_authenticated:
        return None
    starts = [since for membership in memberships if (since := membership.mfa_required_since) is not None]
    if not starts:
        return None
    if get_adapter().is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        return None
    return MfaRequirement(deadline=min(starts) + timedelta(days=settings.MFA_GRACE_DAYS))


def mfa_requirement(request):
    """requirement_for the request's user, worked out at most once per request."""
    if not hasattr(request, "_mfa_requirement"):
        user = getattr(request, "user", None)
        memberships = getattr(request, "memberships", ())
        request._mfa_requirement = requirement_for(user, memberships) if user is not None else None
    return request._mfa_requirement


class MfaRequiredMiddleware:
    """Placed after the tenancy middleware, which sets request.membership on sponsor pages and only there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "membership", None) is not None:
            requirement = mfa_requirement(request)
            if requirement is not None and requirement.overdue:
                return self.send_to_setup(request)
        return self.get_response(request)

    @staticmethod
    def send_to_setup(request):
        messages.warning(
            request,
            _("Your sponsor requires an authenticator app. Set it up now to continue to your sponsor's pages."),
        )
        setup = reverse("mfa_activate_totp")
        # A redirect answering an htmx request would be swapped into the page as a fragment.
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(setup)
        return redirect(setup)
