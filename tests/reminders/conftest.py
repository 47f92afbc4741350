"""The reminders' tests run on a fixed clock (a Wednesday), so that days, ISO weeks and the windows of
events never depend on the day the suite runs.  They build their own people and records with the
apprentices' Factory and look only at what those people were told: the shared world, made on the real
clock, is noise they never count."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from notifications.models import Notification
from tests.apprentices.conftest import Factory

FIXED = datetime.datetime(2027, 3, 10, 15, 0, tzinfo=datetime.UTC)  # Wednesday of ISO week 10


@pytest.fixture
def clock():
    with time_machine.travel(FIXED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make(world, clock):
    return Factory(world)


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


def later(clock, days):
    """Move the fixed clock `days` days on."""
    clock.shift(datetime.timedelta(days=days))


def run(detector, sponsor, on=None):
    with scope(sponsor=sponsor):
        return detector(sponsor, on or today())


def told(member_or_user, kind=None):
    """What one person was told (any sponsor), oldest first."""
    user = getattr(member_or_user, "user", member_or_user)
    with scopes_disabled():
        rows = Notification.objects.filter(user=user).order_by("created_at", "pk")
        if kind:
            rows = rows.filter(kind=kind)
        return list(rows)
