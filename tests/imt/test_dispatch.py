"""Work handed to the workers while the broker is down is kept, and sent once it answers."""

import time

import pytest
from django_scopes import scopes_disabled

from imt import dispatch
from imt.models import DeferredTask
from imt.permissions import Role
from programs.models import Invitation
from tests.workers import broker_down

pytestmark = pytest.mark.django_db


def test_inviting_with_the_broker_down_answers_at_once_and_the_email_goes_out_later(
    world, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        started = time.monotonic()
        response = admin.post("/keystone/invitations/", {"email": "new.reviewer@example.com",
                                                         "role": Role.SPONSOR_REVIEWER})
        assert time.monotonic() - started < 5
    assert response.status_code == 302
    with scopes_disabled():
        invitation = Invitation.objects.get(email="new.reviewer@example.com")
    assert invitation.email_sent_at is None and mailoutbox == []
    deferred = DeferredTask.objects.get()
    assert (deferred.task, deferred.args) == ("programs.tasks.send_invitation_email", [invitation.pk])
    assert "Connection refused" in deferred.last_error

    with broker_down():  # the periodic job while the broker is still down: nothing lost, nothing sent
        assert dispatch.send_deferred() == []
    deferred.refresh_from_db()
    assert deferred.attempts == 1

    # The broker answers again (here: tasks run in-process).
    assert dispatch.send_deferred() == [f"programs.tasks.send_invitation_email({invitation.pk},)"]
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    assert [message.to for message in mailoutbox] == [["new.reviewer@example.com"]]
    assert not DeferredTask.objects.exists()


def test_the_periodic_job_stops_at_the_first_refusal_and_keeps_the_order(world):
    from programs.tasks import send_invitation_email

    with broker_down():
        for invitation_id in (101, 102, 103):
            assert dispatch.send(send_invitation_email, invitation_id) is False
        started = time.monotonic()
        assert dispatch.send_deferred() == []
        assert time.monotonic() - started < 5  # one refusal, not one per deferred task
    assert list(DeferredTask.objects.values_list("args", "attempts")) == [([101], 1), ([102], 0), ([103], 0)]
    assert dispatch.send_deferred() == [f"programs.tasks.send_invitation_email({n},)" for n in (101, 102, 103)]


def test_the_periodic_job_is_scheduled_every_minute(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["imt.tasks.send_deferred_tasks"] <= 60
