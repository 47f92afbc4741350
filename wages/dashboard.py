import datetime

from django.utils import timezone

from imt.dashboard import register_panel
from imt.permissions import Role
from wages import selectors
from wages.schedule import OVERDUE_AFTER_DAYS

PANEL_ROWS = 10


@register_panel
def raises_due(request):
    """The raises waiting for a decision, overdue first, on the employer admin's and sponsor staff's
    dashboards."""
    membership = request.membership
    if not (membership.is_sponsor_staff or membership.role == Role.EMPLOYER_ADMIN):
        return {}
    pending = selectors.raises_pending(membership)
    rows = selectors.raise_rows(pending[:PANEL_ROWS])
    if not rows:
        return {}
    late_before = timezone.localdate() - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
    return {
        "raises_due_rows": rows, "raises_due_count": pending.count(),
        "raises_overdue_count": pending.filter(reached_on__lt=late_before).count(),
    }
