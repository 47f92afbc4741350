"""Running the detectors: the command, the periodic tasks, a failing sponsor, and the cost of a run."""

import datetime
import logging

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from apprentices import services as apprentice_services
from apprentices.models import Enrollment
from credentials.models import Credential, CredentialType
from notifications.models import Notification
from reminders import detectors, services, tasks
from tests.reminders.conftest import days_ago, later, today, told
from wages.models import RaiseDue


def _count():
    with scopes_disabled():
        return Notification.objects.count()


def test_send_reminders_dry_run_tells_nobody_and_the_real_run_tells_once(make, capsys):
    enrollment = make.enrollment(start=days_ago(30))
    call_command("send_reminders", "--sponsor", "keystone", "--dry-run")
    assert "keystone: would tell" in capsys.readouterr().out
    assert told(enrollment.apprentice) == []

    call_command("send_reminders", "--sponsor", "keystone")
    first = _count()
    call_command("send_reminders")
    assert "keystone: told 0 (nothing)" in capsys.readouterr().out
    assert _count() == first and len(told(enrollment.apprentice, "no_hours")) == 1


def test_the_periodic_tasks_run_each_sponsor_and_tell_nobody_twice(make):
    enrollment = make.enrollment(start=days_ago(30))
    tasks.send_daily_reminders()
    tasks.send_event_reminders()
    tasks.send_daily_reminders()
    assert len(told(enrollment.apprentice, "no_hours")) == 1


def test_a_failing_sponsor_is_logged_and_the_others_go_on(make, world, monkeypatch, caplog):
    def broken(sponsor, today):
        if sponsor.slug == "keystone":
            raise RuntimeError("boom")
        return 0

    monkeypatch.setitem(detectors.GROUPS, "daily", [broken, *detectors.CONDITIONS])
    enrollment = make.enrollment(start=days_ago(30))
    with caplog.at_level(logging.ERROR, logger="reminders.services"):
        results = services.reminders_send_all(group="daily")
    assert "keystone" not in results and "lakeshore" in results
    assert "failed at sponsor keystone" in caplog.text
    assert told(enrollment.apprentice) == []  # keystone's run is one transaction: nothing of it is kept


def _busy_apprentice(make, mentor):
    """An apprentice with something for every detector: old pending hours, a rejection, a request, a raise,
    a probation ending, a credential expiring."""
    enrollment = make.enrollment(start=days_ago(110), status=Enrollment.Status.PROBATION, mentor=mentor)
    make.entry(enrollment, date=days_ago(9))
    rejected = make.entry(enrollment, date=days_ago(8))
    skill = make.skills(make.competency())[0]
    with scope(sponsor=make.sponsor):
        apprentice_services.hours_reject(mentor=mentor, entries=[rejected], reason="Wrong day.")
        apprentice_services.sign_off_request(enrollment=enrollment, by=enrollment.apprentice.user, skill=skill)
        RaiseDue.objects.create(sponsor=make.sponsor, enrollment=enrollment, step=1, reached_on=days_ago(3),
                                basis=RaiseDue.Basis.HOURS)
        Credential.objects.create(
            sponsor=make.sponsor, apprentice=enrollment.apprentice, earned_on=days_ago(700),
            expires_on=today() + datetime.timedelta(days=20), recorded_by=enrollment.apprentice.user,
            credential_type=CredentialType.objects.get(sponsor=make.sponsor, name="First Aid/CPR"),
        )


def _queries_of_a_run(sponsor):
    with CaptureQueriesContext(connection) as queries:
        services.reminders_send(sponsor=sponsor)
    return len(queries)


def test_a_run_costs_the_same_queries_with_ten_times_the_apprentices(make, clock):
    mentor = make.mentor_member()
    for _ in range(2):
        _busy_apprentice(make, mentor)
    later(clock, 5)
    services.reminders_send(sponsor=make.sponsor)  # tells what there is to tell
    small = _queries_of_a_run(make.sponsor)
    told_small = len(told(mentor))

    for _ in range(18):
        _busy_apprentice(make, mentor)
    later(clock, 1)
    services.reminders_send(sponsor=make.sponsor)
    large = _queries_of_a_run(make.sponsor)

    assert told_small >= 2 and len(told(mentor)) > told_small  # both runs had plenty to find
    assert large == small, f"{small} queries with 2 apprentices, {large} with 20"
