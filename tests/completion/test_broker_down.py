"""The broker down: asking for a packet, approving completion, answer at once and nothing is lost.

No real broker is needed: the app's broker URL points at a closed port.  The worker that builds it
all once the broker is back is in test_packet_workers.py; here tasks then run in-process.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from completion import services
from completion.models import Certificate, CompletionPacket
from imt import dispatch
from imt.models import DeferredTask
from imt.permissions import Role
from tests.completion.factories import make_eligible
from tests.workers import broker_down

WAITING = "waiting to be handed to the background workers"


def packets_of(enrollment):
    with scopes_disabled():
        return list(CompletionPacket.objects.filter(recommendation__enrollment=enrollment).order_by("version"))


@pytest.mark.django_db(transaction=True)  # the hand-over happens when the request's transaction commits
def test_asking_for_a_packet_with_the_broker_down_answers_at_once_and_the_packet_waits(world, client_for):
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
    employer = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    eligibility_url = f"/keystone/completion/enrollments/{enrollment.pk}/"

    with broker_down():
        started = time.monotonic()
        page = employer.post(eligibility_url, {"attest": "on", "password": "demo-pass-2026"}, follow=True)
        assert time.monotonic() - started < 5
    assert page.status_code == 200
    assert "The recommendation was signed and sent to the sponsor." in page.text
    assert WAITING in page.text
    [packet] = packets_of(enrollment)
    assert packet.status == CompletionPacket.Status.QUEUED and packet.handover_failed_at is not None

    review_url = f"/keystone/completion/reviews/{packet.recommendation_id}/"
    review = reviewer.get(review_url)
    assert WAITING in review.text and "will start by itself" in review.text

    # The broker answers again (here: tasks run in-process); the periodic job hands the packet over.
    with scopes_disabled():
        assert services.requeue_stuck_packets(now=timezone.now() + timedelta(seconds=31)) == [packet.pk]
    [packet] = packets_of(enrollment)
    assert packet.status == CompletionPacket.Status.READY and packet.handover_failed_at is None
    assert WAITING not in reviewer.get(review_url).text

    with broker_down():
        started = time.monotonic()
        page = reviewer.post(f"{review_url}regenerate/", follow=True)
        assert time.monotonic() - started < 5
    assert page.status_code == 200 and WAITING in page.text
    first, second = packets_of(enrollment)
    assert (first.status, second.status) == (CompletionPacket.Status.READY, CompletionPacket.Status.QUEUED)
    with scopes_disabled():
        assert services.requeue_stuck_packets(now=timezone.now() + timedelta(seconds=31)) == [second.pk]
    assert packets_of(enrollment)[1].status == CompletionPacket.Status.READY


def test_the_periodic_job_leaves_a_packet_the_request_just_failed_to_hand_over_for_a_moment(world):
    """The request's own hand-over and the job's do not both publish a packet asked for a second ago."""
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        with broker_down():
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr("django.db.transaction.on_commit", lambda callback, **kwargs: callback())
                services.recommend(enrollment=enrollment, by=world.member("keystone", Role.EMPLOYER_ADMIN),
                                   confirmed_at=timezone.now())
    [packet] = packets_of(enrollment)
    assert packet.handover_failed_at is not None
    with scopes_disabled():
        assert services.requeue_stuck_packets() == []


def test_approving_with_the_broker_down_answers_at_once_and_the_certificate_and_emails_follow(
    world, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        with django_capture_on_commit_callbacks(execute=True):
            recommendation = services.recommend(enrollment=enrollment, by=world.member("keystone", Role.EMPLOYER_ADMIN),
                                                confirmed_at=timezone.now())
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))

    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        started = time.monotonic()
        page = reviewer.post(f"/keystone/completion/reviews/{recommendation.pk}/",
                             {"decision": "approve", "comment": "", "password": "demo-pass-2026"})
        assert time.monotonic() - started < 5
    assert page.status_code == 302
    assert sorted(DeferredTask.objects.values_list("task", flat=True)) == [
        "completion.tasks.issue_certificate", "completion.tasks.notify_completion",
    ]
    with scopes_disabled():
        certificate = Certificate.objects.get(enrollment=enrollment)
    assert not certificate.file and mailoutbox == []
    page = client_for(world.user("keystone", Role.EMPLOYER_ADMIN)).get(
        f"/keystone/completion/enrollments/{enrollment.pk}/"
    )
    assert "The certificate is being issued." in page.text

    # The broker answers again (here: tasks run in-process); the periodic job sends what was deferred.
    with scopes_disabled():
        assert len(dispatch.send_deferred()) == 2
    certificate.refresh_from_db()
    assert certificate.file and certificate.issued_at
    assert any(enrollment.email in message.to for message in mailoutbox)
    assert not DeferredTask.objects.exists()
