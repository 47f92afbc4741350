from django.utils.translation import gettext_lazy as _

from compliance.sections import Section, register_section
from wages import selectors


@register_section
def raises_section(request):
    """Raises due and overdue among the apprentices the viewer covers, each linking to its decision."""
    if not request.membership.can("compliance.view"):
        return None
    rows = selectors.raise_rows(selectors.raises_pending(request.membership))
    return Section(
        key="raises", title=str(_("Raises due")), template="wages/partials/raise_rows.html", rows=rows,
        overdue=sum(1 for row in rows if row.overdue), order=20,
        empty=str(_("No raise is waiting for a decision.")),
    )
