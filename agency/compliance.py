"""The compliance page's section "agency": status changes the registration agency has not been sent yet,
with the day each is due (effective date + the sponsor's agency_report_days) and how many are overdue."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from compliance.sections import Section, enrollments_in_scope, register_section


def agency_section(request: Any) -> Section | None:
    from agency.selectors import unreported_changes

    rows = unreported_changes(request.sponsor, enrollments_in_scope(request))
    return Section(
        key="agency", title=_("Status changes to report to the registration agency"),
        template="agency/partials/compliance_rows.html", rows=rows, overdue=sum(1 for r in rows if r.overdue),
        empty=_("Every status change has been sent to the agency."), order=50,
    )


def register() -> None:
    register_section(agency_section)
