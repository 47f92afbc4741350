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
from tests.workers import celery_queue, needs_services, wait_for

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
        return services.recommend(enrollment=enrollment, by=world.user("keystone", Role.EMPLOYER_ADMIN),
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
            services.packet_retry(packet=failed)
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
