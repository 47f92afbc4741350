from agreements import selectors
from imt.dashboard import register_panel


@register_panel
def agreements_to_sign(request):
    """The apprenticeship agreements waiting for the viewer's signature (the first ten, and how many)."""
    if not request.membership.can("agreements.sign"):
        return {}
    waiting = selectors.awaiting_signature_of(request.membership)
    first = list(waiting[:10])
    return {"agreements_to_sign": first,
            "agreements_to_sign_count": len(first) if len(first) < 10 else waiting.count()}
