"""The apprentices' part of the role dashboards: the apprentice's progress and quick-add, the mentor's
apprentices and queue size, the employer admin's roster summary, sponsor staff's standing requests."""

from django.utils import timezone

from apprentices import selectors
from apprentices.charts import hours_by_month_svg
from apprentices.models import AdvancedStanding, Enrollment
from imt.dashboard import register_panel
from imt.permissions import Role

ROSTER_PREVIEW = 8


@register_panel
def apprentices_panel(request):
    membership = request.membership
    if membership.role == Role.APPRENTICE:
        return _apprentice(request, membership)
    if membership.role == Role.MENTOR:
        apprentices = selectors.roster(selectors.enrollments_visible_to(membership).filter(
            status__in=Enrollment.OPEN_STATUSES))
        return {"mentor_apprentices": list(apprentices[:50]), "queue_size": selectors.mentor_queue_size(membership)}
    if membership.role == Role.EMPLOYER_ADMIN:
        open_ones = selectors.roster(
            selectors.enrollments_visible_to(membership).filter(status__in=Enrollment.OPEN_STATUSES),
            order="last_logged",
        )
        return {"roster_preview": list(open_ones[:ROSTER_PREVIEW]), "roster_open_count": open_ones.count()}
    if membership.is_sponsor_staff:
        return {"standing_pending_count": AdvancedStanding.objects.filter(
            sponsor=membership.sponsor_id, status=AdvancedStanding.Status.PENDING).count()}
    return {}


def _apprentice(request, membership):
    from apprentices.views import quick_add_form

    enrollment = selectors.current_enrollment(membership)
    if enrollment is None:
        return {"enrollment": None}
    return {
        "enrollment": enrollment,
        "progress": selectors.enrollment_progress(enrollment),
        "hours_chart": hours_by_month_svg(selectors.hours_by_month(enrollment, until=timezone.localdate())),
        "quick_add": quick_add_form(request, enrollment) if enrollment.can_log_hours else None,
        "hybrid": enrollment.program.approach == "hybrid",
    }
