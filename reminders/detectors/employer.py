"""What an employer admin is reminded of: raises due and overdue, probations ending, ratio breaches and
completion recommendations returned.  Each condition is found sponsor-wide with the selector its app
uses for its own pages, then told to the active employer admins of the employer concerned."""

from __future__ import annotations

import datetime

from django.utils import timezone

from completion.models import ReviewDecision
from compliance.selectors import probations_due, ratio_breaches
from programs.models import Sponsor
from reminders import kinds
from reminders.detectors.base import EVENT_WINDOW, Message, employer_admins, page, sponsor_view, tell
from wages.selectors import is_overdue, raises_pending


def detect_raises_due(sponsor: Sponsor, today: datetime.date) -> int:
    """Raises reached and not decided: told when due, and again once overdue.  Keys: the raise and
    which notice (due, overdue); a decision ends both."""
    raises = list(raises_pending(sponsor_view(sponsor)))
    admins = employer_admins(sponsor, {r.enrollment.employer_id for r in raises})
    messages = []
    for raise_due in raises:
        overdue = is_overdue(raise_due, today)
        notice = "overdue" if overdue else "due"
        for admin in admins.get(raise_due.enrollment.employer_id, []):
            messages.append(Message(
                admin, f"raise-{notice}:{raise_due.pk}", page("wage_decide", sponsor, raise_due.enrollment_id),
                {"raise_due": raise_due, "enrollment": raise_due.enrollment, "overdue": overdue,
                 "days": (today - raise_due.reached_on).days},
            ))
    return tell(sponsor, kinds.RAISE_DUE.code, messages)


def detect_probations_ending(sponsor: Sponsor, today: datetime.date) -> int:
    """Enrollments still on probation whose probation ends within 14 days (or has ended).  Key: the
    enrollment and the end of probation, so a probation extended to a new date is told again."""
    enrollments = list(probations_due(sponsor_view(sponsor), today))
    admins = employer_admins(sponsor, {e.employer_id for e in enrollments})
    return tell(sponsor, kinds.PROBATION_ENDING.code, [
        Message(admin, f"probation:{e.pk}:{e.probation_end.isoformat()}", page("probation_outcome", sponsor, e.pk),
                {"enrollment": e, "probation_end": e.probation_end, "days": (e.probation_end - today).days})
        for e in enrollments
        for admin in admins.get(e.employer_id, [])
    ])


def detect_ratio_breaches(sponsor: Sponsor, today: datetime.date) -> int:
    """Employers and mentors over their ratio now, as the compliance page lists them.  Key: the breach's
    state (who, how many apprentices for how many journeyworkers): a breach that changes is told again,
    one that lasts unchanged only once."""
    breaches = ratio_breaches(sponsor_view(sponsor))
    admins = employer_admins(sponsor, {b.employer.pk for b in breaches})
    messages = []
    for breach in breaches:
        mentor = breach.mentor.pk if breach.mentor else 0
        key = f"ratio:{breach.scope}:{breach.employer.pk}:{mentor}:{breach.apprentices}:{breach.journeyworkers}"
        for admin in admins.get(breach.employer.pk, []):
            messages.append(Message(admin, key, page("compliance", sponsor), {
                "breach": breach, "who": breach.who, "mentor": breach.mentor, "apprentices": breach.apprentices,
                "journeyworkers": breach.journeyworkers, "ratio": str(breach.ratio), "allowed": breach.allowed,
            }))
    return tell(sponsor, kinds.RATIO_BREACH.code, messages)


def detect_packets_returned(sponsor: Sponsor, today: datetime.date) -> int:
    """Completion recommendations the sponsor returned in the last days.  Key: the decision."""
    decisions = list(
        ReviewDecision.objects.filter(sponsor=sponsor, decision=ReviewDecision.Decision.RETURN,
                                      decided_at__gte=timezone.now() - EVENT_WINDOW)
        .select_related("recommendation__enrollment", "decided_by").order_by("pk")
    )
    admins = employer_admins(sponsor, {d.recommendation.enrollment.employer_id for d in decisions})
    return tell(sponsor, kinds.PACKET_RETURNED.code, [
        Message(admin, f"returned:{d.pk}", page("completion_review", sponsor, d.recommendation_id),
                {"decision": d, "enrollment": d.recommendation.enrollment, "comment": d.comment})
        for d in decisions
        for admin in admins.get(d.recommendation.enrollment.employer_id, [])
    ])
