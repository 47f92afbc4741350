"""The reports app's part of the apprentice's dashboard: a link to the voluntary disability
self-identification.  It runs no query (the apprentice dashboard is at its query budget): the
apprentices panel already found the enrollment, and the form itself says whether it was answered."""

from django.urls import reverse

from imt.dashboard import register_panel
from imt.permissions import Role


@register_panel
def self_identification_panel(request):
    membership = request.membership
    enrollment = request.dashboard.get("enrollment")  # the apprentices panel ran first
    if membership.role != Role.APPRENTICE or enrollment is None:
        return {}
    return {"self_identification_url": reverse("self_identification", args=[request.sponsor.slug, enrollment.pk])}
