from imt.dashboard import register_panel


@register_panel
def agreements_to_sign(request):
    """Whether the dashboard has a panel of agreements waiting for the viewer's signature.  The panel's
    list is fetched by the page from its own address (views.agreements_to_sign), so that the dashboard
    itself runs no query for it."""
    return {"agreements_panel": request.membership.can("agreements.sign")}
