
from django.utils import timezone

from imt.dashboard import register_panel
from imt.permissions import Role
from rti import selectors
from rti.models import PriorCourseCredit


@register_panel
def rti_panel(request):
    """An instructor's current sections; sponsor staff's credit requests waiting; an apprentice's RTI hours."""
    membership = request.membership
    if membership.role == Role.INSTRUCTOR:
        today = timezone.localdate()
        sections = selectors.section_list(membership).filter(ends_on__gte=today - timezone.timedelta(days=60))
        return {"rti_sections": list(sections[:8])}
    if membership.is_sponsor_staff:
        return {"rti_pending_credit_count": PriorCourseCredit.objects.filter(
            sponsor=request.sponsor, status=PriorCourseCredit.Status.PENDING).count()}
    if membership.role == Role.APPRENTICE:
        enrollment = request.dashboard.get("enrollment")  # read by the apprentices' panel
        program = enrollment.program if enrollment is not None else selectors.program_of(membership)
        if program is None:
            return {}
        # The hours of the standards the apprentice is registered under, not the program's draft.
        required = (enrollment.standards_version.rti_hours_required if enrollment is not None
                    else selectors.required_rti_hours(membership, program))
        hours = selectors.rti_hours(membership)
        return {"rti_progress": {
            "hours": hours, "required": required,
            "percent": min(100, int(hours * 100 / required)) if required else 100,
        }}
    return {}


