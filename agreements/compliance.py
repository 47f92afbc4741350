"""The compliance page's section on agreements: the current agreements of open enrollments in the
viewer's scope that not every party has signed yet, overdue once they have waited longer than the
sponsor's registration agency allows for reporting (Sponsor.agency_report_days)."""

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.selectors import PARTIES, newer_exists
from apprentices.models import Enrollment
from compliance.sections import Section, enrollments_in_scope, register_section


@register_section
def unsigned_agreements(request):
    if not request.membership.can("compliance.view"):
        return None
    enrollments = enrollments_in_scope(request).filter(status__in=Enrollment.OPEN_STATUSES)
    rows = list(
        Agreement.objects.filter(enrollment__in=enrollments.values("pk")).exclude(newer_exists())
        .annotate(signed=Count("signatures")).filter(signed__lt=len(PARTIES))
        .select_related("enrollment__employer").order_by("created_at", "pk")
    )
    days = request.sponsor.agency_report_days
    due_before = timezone.now() - datetime.timedelta(days=days)
    for row in rows:
        row.overdue = row.created_at < due_before
        row.due_on = (row.created_at + datetime.timedelta(days=days)).date()
    return Section(
        key="agreements", title=_("Apprenticeship agreements not fully signed"),
        template="agreements/partials/compliance_rows.html", rows=rows,
        overdue=sum(1 for row in rows if row.overdue), order=60,
        empty=_("Every current agreement is signed by the apprentice, the employer and the sponsor."),
    )
