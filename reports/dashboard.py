"""The reports app's part of the apprentice's dashboard: an invitation to the voluntary disability
self-identification until the apprentice has answered (any answer, "prefer not to answer" included)."""

from django.urls import reverse

from apprentices.models import Demographics
from imt.dashboard import register_panel
from imt.permissions import Role


@register_panel
def self_identification_panel(request):
    membership = request.membership
    enrollment = request.dashboard.get("enrollment")  # the apprentices panel ran first
    if membership.role != Role.APPRENTICE or enrollment is None:
        return {}
    answered = Demographics.objects.filter(enrollment=enrollment).exclude(disability="").exists()
    return {
        "self_identification_url": reverse("self_identification", args=[membership.sponsor.slug, enrollment.pk]),
        "self_identified": answered,
    }
