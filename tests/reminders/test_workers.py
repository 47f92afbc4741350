"""The periodic reminder jobs on a real Celery worker, PostgreSQL and Redis: run twice, each person is
told each thing once.  The worker runs on the real clock, so the records are dated from today."""

import pytest
from django.conf import settings
from django.db.models import Count
from django_scopes import scope, scopes_disabled

from apprentices import services as apprentice_services
from notifications.models import Notification
from reminders import tasks
from tests.apprentices.conftest import Factory, days_ago
from tests.workers import celery_queue, needs_services, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _rows():
    with scopes_disabled():
        return list(Notification.objects.values("user", "kind", "key").annotate(n=Count("pk")).order_by())


def test_the_periodic_jobs_on_a_worker_tell_each_thing_once(world):
    needs_services()
    make = Factory(world)
    idle = make.enrollment(start=days_ago(30))  # no hours since the start
    busy = make.enrollment()
    entry = make.entry(busy, date=days_ago(2))
    with scope(sponsor=make.sponsor):
        apprentice_services.hours_reject(mentor=make.mentor, entries=[entry], reason="Wrong day.")

    with celery_queue(settings.MEDIA_ROOT) as worker:
        worker()
        tasks.send_daily_reminders.apply_async()
        tasks.send_event_reminders.apply_async()

        def told_both():
            with scopes_disabled():
                return (Notification.objects.filter(user=idle.apprentice.user, kind="no_hours").exists()
                        and Notification.objects.filter(user=busy.apprentice.user, kind="entry_rejected").exists())

        wait_for(told_both, message="the first run's reminders")
        tasks.send_daily_reminders.apply_async()
        tasks.send_event_reminders.apply_async()
        # One worker takes the queue in order: once this last task answers, every sponsor's run queued by
        # the periodic tasks above has run too.
        assert tasks.send_reminders_at.apply_async((make.sponsor.pk, "all")).get(timeout=90) == 0
        assert tasks.send_reminders_at.apply_async((world.b.pk, "all")).get(timeout=90) == 0

    rows = _rows()
    assert rows and all(row["n"] == 1 for row in rows)
    with scopes_disabled():
        assert Notification.objects.filter(user=idle.apprentice.user, kind="no_hours").count() == 1
        assert Notification.objects.filter(user=busy.apprentice.user, kind="entry_rejected",
                                           key=f"rejected:{entry.pk}").count() == 1
