from django.db.models import Count, Window
from django.utils import timezone

from credentials import selectors
from imt.dashboard import register_panel
from imt.permissions import Role


@register_panel
def expiring_credentials(request):
    """Credentials that expire within 30 days (or have lately expired), for whoever may see them."""
    if request.membership.role == Role.INSTRUCTOR:
        return {}
    # The first ten, each carrying the count of all (a window over the whole result): one query.
    expiring = list(selectors.expiring(request.membership).annotate(total=Window(Count("pk")))[:10])
    return {
        "expiring_credentials": expiring, "expiring_credential_count": expiring[0].total if expiring else 0,
        "today": timezone.localdate(),
    }
