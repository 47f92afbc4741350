"""Role dashboards.

The dashboard belongs to no single domain app: each app contributes what it
knows by registering a panel function, `panel(request) -> dict`, whose result is
merged into the dashboard's template context.  Apps register in their
AppConfig.ready(), so `imt` never imports them.
"""

_panels = []


def register_panel(func):
    if func not in _panels:
        _panels.append(func)
    return func


def dashboard_context(request):
    """Every panel's context, merged.  A panel may reuse what an earlier one computed: it is on
    `request.dashboard` (panels run in INSTALLED_APPS order)."""
    context = request.dashboard = {}
    for panel in _panels:
        context.update(panel(request) or {})
    return context
