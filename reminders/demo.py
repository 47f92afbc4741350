"""Demo data for the reminders: something of each kind for `manage.py send_reminders` to tell.

The other apps' demo already has apprentices without recent hours, raises due and overdue, probations
ending, ratio breaches, credentials expiring and pending sign-off requests.  Here: the pending hours are
dated as logged on the day they name and the pending sign-off requests five days back (the demo makes
them all at once, so none would have waited); at keystone, apprentice@keystone.example's mentor rejects
one of their entries and signs off one skill they asked for.  Idempotent: what is done is left alone.
"""

import datetime

from django.utils import timezone

from apprentices import services
from apprentices.models import Enrollment, MentorAssignment, OJTEntry, SignOffRequest

DEMO_APPRENTICE = "apprentice@keystone.example"


def _logged_when_worked():
    """Pending entries made after the day they name are dated as made that afternoon."""
    for entry in OJTEntry.objects.filter(status=OJTEntry.Status.PENDING).only("pk", "date", "created_at"):
        made = timezone.make_aware(datetime.datetime.combine(entry.date, datetime.time(16, 0)))
        if entry.created_at > made:
            OJTEntry.objects.filter(pk=entry.pk).update(created_at=made)


def _asked_last_week():
    """Sign-off requests the demo just made are dated five days back, so that they have waited longer
    than the sponsor's three days and the mentors' digests list them."""
    now = timezone.now()
    SignOffRequest.objects.filter(status=SignOffRequest.Status.PENDING,
                                  created_at__gt=now - datetime.timedelta(days=1)).update(
        created_at=now - datetime.timedelta(days=5))


def seed(command, options):
    _logged_when_worked()
    _asked_last_week()
    enrollment = Enrollment.objects.filter(
        sponsor__slug="keystone", apprentice__user__email=DEMO_APPRENTICE, status__in=Enrollment.LOGGING_STATUSES
    ).first()
    assignment = MentorAssignment.objects.filter(enrollment=enrollment, end_date__isnull=True).select_related(
        "mentor").first() if enrollment else None
    if enrollment is None or assignment is None:
        return
    mentor = assignment.mentor
    entries = OJTEntry.objects.filter(enrollment=enrollment)
    if not entries.filter(status=OJTEntry.Status.REJECTED).exists():
        pending = entries.filter(status=OJTEntry.Status.PENDING).order_by("date", "pk").first()
        if pending is not None:
            services.hours_reject(mentor=mentor, entries=[pending],
                                  reason="Those hours were on the Line 3 changeover; log them under Set up "
                                         "production equipment.")
    requests = SignOffRequest.objects.filter(enrollment=enrollment)
    if not requests.filter(status=SignOffRequest.Status.FULFILLED).exists():
        request = requests.filter(status=SignOffRequest.Status.PENDING).select_related("skill").first()
        if request is not None:
            services.skill_sign_off(enrollment=enrollment, skill=request.skill, mentor=mentor, level=3,
                                    observed_on=timezone.localdate(), comment="Watched the full sequence.",
                                    password_confirmed_at=timezone.now())
