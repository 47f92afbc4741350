"""Who sees which completion records: recommendations (with their reviews), packets and certificates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apprentices.selectors import enrollments_visible_to
from completion.models import Certificate, CompletionPacket, Recommendation
from imt import visibility

if TYPE_CHECKING:
    from programs.models import Membership


@visibility.rule("recommendation", Recommendation)
def recommendations_visible_to(membership: Membership) -> QuerySet[Recommendation]:
    """Sponsor staff see every recommendation of the sponsor; an employer admin those of their employer."""
    recommendations = Recommendation.objects.filter(sponsor=membership.sponsor_id).select_related(
        "enrollment__program", "enrollment__employer", "recommended_by", "signature"
    )
    if membership.can("completion.review"):
        return recommendations
    if membership.can("completion.recommend"):
        return recommendations.filter(enrollment__employer=membership.employer_id)
    return recommendations.none()


@visibility.rule("packet", CompletionPacket)
def packets_visible_to(membership: Membership) -> QuerySet[CompletionPacket]:
    """The packets of the recommendations the member may see: the same rights as the review page."""
    recommendations = recommendations_visible_to(membership)
    return CompletionPacket.objects.filter(recommendation__in=recommendations).select_related("recommendation")


@visibility.rule("certificate", Certificate)
def certificates_visible_to(membership: Membership) -> QuerySet[Certificate]:
    """The certificates of the enrollments the member may see (an apprentice: their own)."""
    return Certificate.objects.filter(enrollment__in=enrollments_visible_to(membership))
