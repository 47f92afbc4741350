"""What a mentor is reminded of: one digest a day of the items that waited too long, and each new
sign-off request.  Told to the current mentors of the enrollment, while their membership and account are
active; a request addressed to one mentor only to them (as the queue shows it)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Sum
from django.utils import timezone

from apprentices.models import MentorAssignment, OJTEntry, SignOffRequest
from imt.permissions import Role
from programs.models import Membership, Sponsor
from reminders import kinds
from reminders.detectors.base import EVENT_WINDOW, Message, page, tell


def _current_mentors(sponsor: Sponsor, enrollment_ids: set[int]) -> dict[int, list[Membership]]:
    """The active mentors currently assigned to each enrollment: one query."""
    mentors: dict[int, list[Membership]] = defaultdict(list)
    if enrollment_ids:
        for assignment in (
            MentorAssignment.objects.filter(sponsor=sponsor, enrollment__in=enrollment_ids, end_date__isnull=True,
                                            mentor__role=Role.MENTOR, mentor__is_active=True,
                                            mentor__user__is_active=True)
            .select_related("mentor__user").order_by("pk")
        ):
            mentors[assignment.enrollment_id].append(assignment.mentor)
    return mentors


@dataclass
class Waiting:
    mentor: Membership
    entries: int = 0
    hours: Decimal = Decimal(0)
    requests: int = 0
    oldest: datetime.datetime | None = None
    apprentices: set[int] = field(default_factory=set)

    def add(self, enrollment_id: int, oldest: datetime.datetime, entries: int = 0, hours: Decimal | None = None,
            requests: int = 0) -> None:
        self.entries += entries
        self.hours += hours or 0
        self.requests += requests
        self.oldest = oldest if self.oldest is None else min(self.oldest, oldest)
        self.apprentices.add(enrollment_id)


def detect_mentor_queue(sponsor: Sponsor, today: datetime.date) -> int:
    """One digest per mentor per day of the pending hours and sign-off requests of the apprentices they
    mentor that have waited more than the sponsor's number of days: counts and the oldest.  Key: the
    mentor and the day."""
    cutoff = today - datetime.timedelta(days=sponsor.reminder_queue_days)
    entries = list(
        OJTEntry.objects.filter(sponsor=sponsor, status=OJTEntry.Status.PENDING, created_at__date__lt=cutoff)
        .values("enrollment_id").annotate(n=Count("pk"), hours=Sum("hours"), oldest=Min("created_at")).order_by()
    )
    requests = list(
        SignOffRequest.objects.filter(sponsor=sponsor, status=SignOffRequest.Status.PENDING,
                                      created_at__date__lt=cutoff)
        .values("enrollment_id", "mentor_id").annotate(n=Count("pk"), oldest=Min("created_at")).order_by()
    )
    mentors = _current_mentors(sponsor, {r["enrollment_id"] for r in entries + requests})
    waiting: dict[int, Waiting] = {}
    for row in entries:
        for mentor in mentors.get(row["enrollment_id"], []):
            waiting.setdefault(mentor.pk, Waiting(mentor)).add(
                row["enrollment_id"], row["oldest"], entries=row["n"], hours=row["hours"])
    for row in requests:
        for mentor in mentors.get(row["enrollment_id"], []):
            if row["mentor_id"] in (None, mentor.pk):
                waiting.setdefault(mentor.pk, Waiting(mentor)).add(row["enrollment_id"], row["oldest"],
                                                                   requests=row["n"])
    return tell(sponsor, kinds.MENTOR_QUEUE.code, [
        Message(w.mentor, f"queue:{w.mentor.pk}:{today.isoformat()}", page("mentor_queue", sponsor),
                {"waiting": w, "days": sponsor.reminder_queue_days, "apprentices": len(w.apprentices),
                 "oldest": timezone.localdate(w.oldest) if w.oldest else None})
        for w in sorted(waiting.values(), key=lambda w: w.mentor.pk)
    ])


def detect_sign_off_requests(sponsor: Sponsor, today: datetime.date) -> int:
    """Each sign-off request made in the last days and still waiting.  Key: the request."""
    requests = list(
        SignOffRequest.objects.filter(sponsor=sponsor, status=SignOffRequest.Status.PENDING,
                                      created_at__gte=timezone.now() - EVENT_WINDOW)
        .select_related("enrollment", "skill__competency").order_by("pk")
    )
    mentors = _current_mentors(sponsor, {r.enrollment_id for r in requests})
    return tell(sponsor, kinds.SIGN_OFF_REQUESTED.code, [
        Message(mentor, f"sign-off-request:{request.pk}", page("mentor_queue", sponsor),
                {"request": request, "enrollment": request.enrollment, "skill": request.skill})
        for request in requests
        for mentor in mentors.get(request.enrollment_id, [])
        if request.mentor_id in (None, mentor.pk)
    ])
