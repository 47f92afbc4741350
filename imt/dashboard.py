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
    context = {}
    for panel in _panels:
        context.update(panel(request) or {})
    return context
