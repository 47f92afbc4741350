"""What compliance adds to the compliance page (sections "ratio" and "probation") and to the dashboards."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance import selectors
from compliance.sections import Section, register_section
from imt.dashboard import register_panel


def _probations(request):
    today = timezone.localdate()
    rows = list(selectors.probations_due(request.membership, today))
    for row in rows:
        row.overdue = row.probation_end < today
    return rows, today


@register_section
def ratio_section(request):
    """Employers and mentors over the ratio of their standards now, with any override."""
    if not request.membership.can("compliance.view"):
        return None
    return Section(key="ratio", title=str(_("Apprentice-to-journeyworker ratio")),
                   template="compliance/partials/ratio_rows.html", rows=selectors.ratio_breaches(request.membership),
                   empty=str(_("Every employer and mentor is within the ratio of their standards.")), order=30)


@register_section
def probation_section(request):
    """Probations ending within 14 days and those ended without an outcome."""
    if not request.membership.can("compliance.view"):
        return None
    rows, today = _probations(request)
    return Section(key="probation", title=str(_("Probations ending")),
                   template="compliance/partials/probation_rows.html", rows=rows,
                   overdue=sum(1 for row in rows if row.overdue),
                   empty=str(_("No probation ends within 14 days.")), order=40)


@register_panel
def probation_panel(request):
    """The dashboard's list of probations ending soon or overdue (sponsor staff and employer admins)."""
    if not request.membership.can("compliance.view"):
        return {}
    rows, today = _probations(request)
    return {"probations_due": rows[:10], "probations_due_count": len(rows),
            "probations_overdue_count": sum(1 for row in rows if row.overdue),
            "can_decide_probation": request.membership.can("probation.decide")}
