from django.db.models import Count, Window

from agreements import selectors
from imt.dashboard import register_panel


@register_panel
def agreements_to_sign(request):
    """The apprenticeship agreements waiting for the viewer's signature (the first ten, and how many)."""
    if not request.membership.can("agreements.sign"):
        return {}
    # The first ten, each carrying the count of all (a window over the whole result): one query.
    first = list(selectors.awaiting_signature_of(request.membership).annotate(total=Window(Count("pk")))[:10])
    return {"agreements_to_sign": first, "agreements_to_sign_count": first[0].total if first else 0}
