"""Packets built by real Celery workers on Redis: crashes, duplicates, failures and lost messages."""

import os
import signal
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from completion import services
from completion.models import CompletionPacket
from imt.permissions import Role
from tests.completion.factories import make_eligible
from tests.workers import broker_down, celery_queue, needs_services, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def packet_status(packet_id):
    with scopes_disabled():
        return CompletionPacket.objects.get(pk=packet_id)


@pytest.fixture
def eligible(world):
    needs_services()
    with scope(sponsor=world.a):
        return make_eligible(world)


def recommend(world, enrollment):
    with scope(sponsor=world.a):
        return services.recommend(enrollment=enrollment, by=world.member("keystone", Role.EMPLOYER_ADMIN),
                                  confirmed_at=timezone.now())


def test_the_worker_builds_the_packet(world, eligible):
    with celery_queue(settings.MEDIA_ROOT) as worker:
        worker()
        recommendation = recommend(world, eligible)
        with scopes_disabled():
            packet = recommendation.packets.get()
        ready = wait_for(lambda: packet_status(packet.pk).status == "ready" and packet_status(packet.pk),
                         message="the packet to be built")
        assert ready.file.read().startswith(b"%PDF") and ready.page_count > 5


def test_a_worker_killed_mid_build_ends_with_exactly_one_packet(world, eligible):
    with celery_queue(settings.MEDIA_ROOT) as worker:
        running = worker(pool="prefork", concurrency=1)
        wait_for(running.children, message="the pool's child process")
        recommendation = recommend(world, eligible)
        with scopes_disabled():
            packet = recommendation.packets.get()
        wait_for(lambda: packet_status(packet.pk).status == "building", interval=0.05, message="the build to start")
        for child in running.children():
            os.kill(child, signal.SIGKILL)
        # The pool replaces the dead process and the broker gives the task back (acks_late, reject_on_worker_lost).
        ready = wait_for(lambda: packet_status(packet.pk).status == "ready" and packet_status(packet.pk),
                         timeout=180, message="the packet after the crash")
        assert ready.attempts >= 2
        with scopes_disabled():
            assert CompletionPacket.objects.filter(recommendation=recommendation).count() == 1


def test_the_same_task_delivered_twice_leaves_one_packet(world, eligible):
    from completion.tasks import build_packet

    with celery_queue(settings.MEDIA_ROOT) as worker:
        worker(pool="prefork", concurrency=2)
        recommendation = recommend(world, eligible)
        with scopes_disabled():
            packet = recommendation.packets.get()
        build_packet.delay(packet.pk)
        build_packet.delay(packet.pk)
        wait_for(lambda: packet_status(packet.pk).status == "ready", message="the packet")
        wait_for(lambda: packet_status(packet.pk).attempts >= 2, timeout=60, message="the duplicate delivery")
        with scopes_disabled():
            assert CompletionPacket.objects.filter(recommendation=recommendation).count() == 1
            assert packet_status(packet.pk).status == "ready"


def test_a_failing_build_is_marked_failed_and_the_retry_builds_it(world, eligible, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the media directory should be")
    with celery_queue(settings.MEDIA_ROOT) as worker:
        broken = worker(MEDIA_ROOT=str(blocked / "media"))  # saving the PDF fails: a transient OSError, retried
        recommendation = recommend(world, eligible)
        with scopes_disabled():
            packet = recommendation.packets.get()
        failed = wait_for(lambda: packet_status(packet.pk).status == "failed" and packet_status(packet.pk),
                          timeout=180, message="the packet to be marked failed")
        assert "Error" in failed.error and failed.attempts == 4  # the first try and three retries
        broken.stop()
        worker()
        with scopes_disabled():
            services.packet_retry(packet=failed, by=world.member("keystone", Role.SPONSOR_ADMIN))
        wait_for(lambda: packet_status(packet.pk).status == "ready", message="the retried packet")


def test_a_packet_stuck_in_the_queue_is_queued_again_by_the_periodic_job(world, eligible):
    from completion.tasks import requeue_stuck_packets

    with scope(sponsor=world.a):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(services, "_enqueue_build", lambda packet: None)  # the message is lost
            recommendation = recommend(world, eligible)
        packet = recommendation.packets.get()
        CompletionPacket.objects.filter(pk=packet.pk).update(requested_at=timezone.now() - timedelta(minutes=11))
    with celery_queue(settings.MEDIA_ROOT) as worker:
        worker()
        assert requeue_stuck_packets.delay().get(timeout=60) == [packet.pk]
        wait_for(lambda: packet_status(packet.pk).status == "ready", message="the re-queued packet")


def test_a_worker_killed_as_a_whole_mid_build_is_replaced_and_exactly_one_version_is_ready(world, eligible,
                                                                                              tmp_path):
    """Worker and pool killed at once (out of memory, a crashed host): Redis keeps the task until its
    visibility timeout (12 minutes), so the lease is what brings the packet back.  Here the lease is
    8 s and the periodic job runs every second; in production 120 s and every minute (README)."""
    from celery.result import AsyncResult

    from completion.tasks import build_packet, requeue_stuck_packets
    from imt.celery import app as celery_app

    lease = 8
    with celery_queue(tmp_path, PACKET_BUILD_LEASE_SECONDS=str(lease)) as worker:
        doomed = worker(pool="prefork", concurrency=1, app="tests.completion.slow_worker", own_process_group=True,
                        SLOW_RENDER_SECONDS="300")
        wait_for(doomed.children, message="the pool's child process")
        recommendation = recommend(world, eligible)
        with scopes_disabled():
            packet = recommendation.packets.get()
        wait_for(lambda: packet_status(packet.pk).step >= 1, message="the build to collect the records")
        doomed.kill_process_group()
        killed_at = timezone.now()
        assert packet_status(packet.pk).status == "building"

        worker(pool="prefork", concurrency=2, app="tests.completion.slow_worker", SLOW_RENDER_SECONDS="3")

        def sweep():  # celery beat, every second
            return packet.pk in requeue_stuck_packets.delay().get(timeout=60)

        wait_for(sweep, timeout=lease + 60, interval=1, message="the periodic job to re-queue the packet")
        assert (timezone.now() - killed_at).total_seconds() >= lease - 1  # not before its lease ran out
        wait_for(lambda: packet_status(packet.pk).status == "building", interval=0.05, message="the new build")
        # The dead worker's task, as Redis gives it back once its visibility timeout passed, arrives while
        # the new build runs: the two must not leave two versions or two files.
        late = build_packet.delay(packet.pk)

        ready = wait_for(lambda: packet_status(packet.pk).status == "ready" and packet_status(packet.pk),
                         timeout=120, message="the rebuilt packet")
        assert (ready.generated_at - killed_at).total_seconds() < lease + 1 + 120
        assert ready.restarted_at is not None and ready.attempts >= 2
        wait_for(lambda: AsyncResult(late.id, app=celery_app).ready(), timeout=60, message="the late task")
        wait_for(lambda: not any((celery_app.control.inspect(timeout=1).active() or {}).values()), timeout=60,
                 message="the workers to be idle")

    with scopes_disabled():
        packets = list(CompletionPacket.objects.filter(recommendation=recommendation))
    assert [(p.version, p.status) for p in packets] == [(1, "ready")]
    assert [f.name for f in (tmp_path / "private" / "packets").iterdir()] == [ready.file.name.rsplit("/")[-1]]


def test_with_the_broker_down_the_request_answers_and_the_periodic_jobs_hand_everything_over_later(
    world, eligible, client_for, tmp_path
):
    """Recommending, then approving, while the broker is down; once it is back, the periodic jobs (run
    by the worker as celery beat would) hand over the packet, the certificate and the e-mails."""
    import time

    from completion.models import Certificate
    from completion.tasks import requeue_stuck_packets

    employer = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    mail_dir = tmp_path / "mail"
    with celery_queue(settings.MEDIA_ROOT) as worker:
        with broker_down():
            started = time.monotonic()
            page = employer.post(f"/keystone/completion/enrollments/{eligible.pk}/",
                                 {"attest": "on", "password": "demo-pass-2026"}, follow=True)
            assert time.monotonic() - started < 5
        assert page.status_code == 200 and "waiting to be handed to the background workers" in page.text
        with scopes_disabled():
            packet = CompletionPacket.objects.get(recommendation__enrollment=eligible)
        assert packet.status == "queued" and packet.handover_failed_at is not None

        worker(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail_dir))
        # The job leaves a failed hand-over alone for 30 s (the request may still be publishing it).
        with scopes_disabled():
            CompletionPacket.objects.filter(pk=packet.pk).update(
                handover_failed_at=timezone.now() - timedelta(seconds=31)
            )
        assert requeue_stuck_packets.delay().get(timeout=60) == [packet.pk]
        ready = wait_for(lambda: packet_status(packet.pk).status == "ready" and packet_status(packet.pk),
                         message="the packet handed over by the periodic job")
        assert ready.handover_failed_at is None and ready.attempts == 1

        with broker_down():
            started = time.monotonic()
            page = reviewer.post(f"/keystone/completion/reviews/{packet.recommendation_id}/",
                                 {"decision": "approve", "comment": "", "password": "demo-pass-2026"})
            assert time.monotonic() - started < 5
        assert page.status_code == 302
        from imt.models import DeferredTask
        from imt.tasks import send_deferred_tasks

        assert DeferredTask.objects.count() == 2
        assert len(send_deferred_tasks.delay().get(timeout=60)) == 2
        with scopes_disabled():
            certificate = Certificate.objects.get(enrollment=eligible)
        wait_for(lambda: certificate.refresh_from_db() or certificate.file, message="the certificate")
        messages = wait_for(lambda: list(mail_dir.glob("*.log")) if mail_dir.exists() else [],
                            message="the decision e-mail")
        assert eligible.email in messages[0].read_text()
        assert not DeferredTask.objects.exists()
