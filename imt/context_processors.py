from django.conf import settings

from imt.mfa import mfa_requirement
from imt.permissions import Role


def tenancy(request):
    membership = getattr(request, "membership", None)
    return {
        "sponsor": getattr(request, "sponsor", None),
        "membership": membership,
        "memberships": getattr(request, "memberships", []),
        "Role": Role,
        "production": settings.PRODUCTION,
    }


def mfa(request):
    """The authenticator app the user still has to set up, for the reminder on every page."""
    return {"mfa_requirement": mfa_requirement(request)}
