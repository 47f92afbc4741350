"""The sponsor staff's weekly digest (sponsor admins and reviewers): new enrollments, status changes due
to the agency, packets waiting for review, overdue raises and credentials expiring soon."""

from __future__ import annotations

import datetime
from typing import Any

from agency.selectors import unreported_changes
from apprentices.models import Enrollment
from completion.models import Recommendation
from completion.selectors import recommendations_visible_to
from credentials.selectors import expiring
from programs.models import Sponsor
from reminders import kinds
from reminders.detectors.base import Message, absolute, page, sponsor_staff, sponsor_view, tell
from wages.selectors import is_overdue, raises_pending

LISTED = 5  # lines shown under each heading; the counts say the rest


def weekly_digest(sponsor: Sponsor, today: datetime.date) -> dict[str, Any]:
    """What the digest of the week up to `today` says: each part's count and its first lines (empty when
    there is nothing).  A fixed number of queries."""
    view = sponsor_view(sponsor)
    since = today - datetime.timedelta(days=7)
    new = Enrollment.objects.filter(sponsor=sponsor, created_at__date__gte=since).select_related(
        "employer", "program").order_by("created_at", "pk")
    unreported = unreported_changes(sponsor, Enrollment.objects.filter(sponsor=sponsor))
    waiting = recommendations_visible_to(view).filter(status=Recommendation.Status.PENDING).select_related(
        "enrollment__employer").order_by("created_at", "pk")
    overdue = [r for r in raises_pending(view) if is_overdue(r, today)]
    credentials = expiring(view, days=30, today=today).filter(expires_on__gte=today)
    parts = {
        "new_enrollments": (new.count(), list(new[:LISTED]), page("roster", sponsor)),
        "agency": (len(unreported), unreported[:LISTED], page("rapids_export", sponsor)),
        "packets": (waiting.count(), list(waiting[:LISTED]), page("completion_queue", sponsor)),
        "raises": (len(overdue), overdue[:LISTED], page("compliance", sponsor)),
        "credentials": (credentials.count(), list(credentials[:LISTED]), page("credential_list", sponsor)),
    }
    digest: dict[str, Any] = {name: {"count": count, "rows": rows, "url": absolute(url)}
                              for name, (count, rows, url) in parts.items() if count}
    if "agency" in digest:
        digest["agency"]["overdue"] = sum(1 for u in unreported if u.due < today)
    return digest


def detect_weekly_digest(sponsor: Sponsor, today: datetime.date) -> int:
    """One digest per ISO week to each active admin and reviewer, on the first run of the week that has
    something to say.  Key: the sponsor and the week (one person may be staff at
    two sponsors, and a notification's key is unique per person)."""
    digest = weekly_digest(sponsor, today)
    if not digest:
        return 0
    year, week, _ = today.isocalendar()
    return tell(sponsor, kinds.WEEKLY_DIGEST.code, [
        Message(member, f"weekly:{sponsor.pk}:{year}-W{week:02d}", page("dashboard", sponsor),
                {"digest": digest, "since": today - datetime.timedelta(days=7), "today": today,
                 "listed": LISTED})
        for member in sponsor_staff(sponsor)
    ])
