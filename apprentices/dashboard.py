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
        page = selectors.roster_page(selectors.enrollments_visible_to(membership).filter(
            status__in=Enrollment.OPEN_STATUSES), 1, per_page=50)
        return {"mentor_apprentices": page.object_list, "queue_size": selectors.mentor_queue_size(membership)}
    if membership.role == Role.EMPLOYER_ADMIN:
        page = selectors.roster_page(
            selectors.enrollments_visible_to(membership).filter(status__in=Enrollment.OPEN_STATUSES), 1,
            per_page=ROSTER_PREVIEW, order="last_logged",
        )
        return {"roster_preview": page.object_list, "roster_open_count": page.paginator.count}
    if membership.is_sponsor_staff:
        return {"standing_pending_count": AdvancedStanding.objects.filter(
            sponsor=membership.sponsor_id, status=AdvancedStanding.Status.PENDING).count()}
    return {}


def _apprentice(request, membership):
    from apprentices.forms import with_choices_read
    from apprentices.views.hours import quick_add_form

    enrollment = selectors.current_enrollment(membership)
    if enrollment is None:
        return {"enrollment": None}
    progress = selectors.enrollment_progress(enrollment)
    quick_add = None
    if enrollment.can_log_hours:
        quick_add = quick_add_form(request, enrollment)
        # The competencies are those progress just read, in the same order: no second query.
        field = quick_add.fields["competency"]
        field.choices = [("", field.empty_label)] + [
            (row.competency.pk, field.label_from_instance(row.competency)) for row in progress.competencies
        ]
        quick_add = with_choices_read(quick_add)
    return {
        "enrollment": enrollment,
        "progress": progress,
        "hours_chart": hours_by_month_svg(selectors.hours_by_month(enrollment, until=timezone.localdate())),
        "quick_add": quick_add,
        "hybrid": enrollment.standards_version.approach == "hybrid",
    }
