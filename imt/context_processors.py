from django.conf import settings

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
