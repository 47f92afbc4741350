"""Reads of advanced standing: the sponsor's requests to decide, and what one request credits."""

from __future__ import annotations

from django.db.models import QuerySet

from apprentices.models import AdvancedStanding, CreditedHours, CreditedSkill, Enrollment
from programs.models import Sponsor


def standings_to_decide(sponsor: Sponsor, *, pending_only: bool) -> QuerySet[AdvancedStanding]:
    """The sponsor's requests for advanced standing (only the pending ones with `pending_only`), oldest first."""
    standings = AdvancedStanding.objects.filter(sponsor=sponsor).select_related(
        "enrollment__employer", "requested_by"
    ).prefetch_related("hours__competency", "skills__skill")
    if pending_only:
        standings = standings.filter(status=AdvancedStanding.Status.PENDING)
    return standings.order_by("requested_at", "pk")


def standings_of(enrollment: Enrollment) -> QuerySet[AdvancedStanding]:
    """The enrollment's requests for advanced standing, with what each credits."""
    return AdvancedStanding.objects.filter(enrollment=enrollment).prefetch_related("hours__competency", "skills__skill")


def credited_hours_of(standing: AdvancedStanding) -> QuerySet[CreditedHours]:
    return standing.hours.select_related("competency")


def credited_skills_of(standing: AdvancedStanding) -> QuerySet[CreditedSkill]:
    return standing.skills.select_related("skill")
