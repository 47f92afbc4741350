from django.utils import timezone

from credentials import selectors
from imt.dashboard import register_panel
from imt.permissions import Role


@register_panel
def expiring_credentials(request):
    """Credentials that expire within 30 days (or have lately expired), for whoever may see them."""
    if request.membership.role == Role.INSTRUCTOR:
        return {}
    expiring = selectors.expiring(request.membership)
    return {
        "expiring_credentials": list(expiring[:10]), "expiring_credential_count": expiring.count(),
        "today": timezone.localdate(),
    }
