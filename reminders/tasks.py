"""The reminder jobs.  The periodic tasks hand each sponsor its own task (its own scope, transaction and
time limit), so a large or failing sponsor never holds up the others."""

import logging

from celery import shared_task
from django_scopes import scopes_disabled

from imt.dispatch import send
from programs.models import Sponsor
from reminders import services

logger = logging.getLogger(__name__)


def _each_sponsor(group: str) -> int:
    with scopes_disabled():
        ids = list(Sponsor.objects.order_by("pk").values_list("pk", flat=True))
    handed = 0
    for sponsor_id in ids:
        try:  # run in-process (eager), a sponsor's error would otherwise end the loop
            handed += bool(send(send_reminders_at, sponsor_id, group))
        except Exception:
            logger.exception("Reminders (%s) failed at sponsor %s", group, sponsor_id)
    return handed


@shared_task
def send_reminders_at(sponsor_id: int, group: str) -> int:
    """Run the detectors of `group` at one sponsor: how many people were told.  Safe to run twice."""
    with scopes_disabled():
        sponsor = Sponsor.objects.filter(pk=sponsor_id).first()
    if sponsor is None:
        return 0
    return sum(services.reminders_send(sponsor=sponsor, group=group).values())


@shared_task
def send_event_reminders() -> int:
    """Every five minutes: what just happened (an entry rejected, a skill signed off, a sign-off
    requested, a completion returned)."""
    return _each_sponsor("events")


@shared_task
def send_daily_reminders() -> int:
    """Every morning: conditions that hold over a period (no hours lately, credentials expiring, the
    mentors' queues, raises, probations, ratio breaches, the staff's weekly digest)."""
    return _each_sponsor("daily")
