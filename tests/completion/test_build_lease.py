"""A packet whose worker died mid-build is built again, and only one attempt ever finishes it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from completion import services
from completion.models import CompletionPacket
from imt.permissions import Role
from tests.completion.factories import make_eligible

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(world, django_capture_on_commit_callbacks):
    """A recommendation whose first packet was asked for but not built yet (the message is in the queue)."""
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        with django_capture_on_commit_callbacks(execute=False):
            recommendation = services.recommend(enrollment=enrollment, by=world.member("keystone", Role.EMPLOYER_ADMIN),
                                                confirmed_at=timezone.now())
        return recommendation.packets.get()


def dies_at_step(step):
    """A render whose worker is killed once it reached `step`: nothing after it runs."""
    from completion.packet import render_packet

    class Killed(BaseException):
        pass

    def render(packet, progress):
        def report(reached):
            progress(reached)
            if reached == step:
                raise Killed
        return render_packet(packet, report)

    return render, Killed


def build_and_die(packet, step=2):
    render, killed = dies_at_step(step)
    with pytest.raises(killed), scopes_disabled():
        services.packet_build(packet.pk, render=render)
    packet.refresh_from_db()
    return packet


def sweep(at):
    with scopes_disabled():
        return services.requeue_stuck_packets(now=at)


def test_a_build_whose_worker_died_is_queued_again_once_its_lease_runs_out(queued, world, client_for,
                                                                             django_capture_on_commit_callbacks):
    packet = build_and_die(queued)
    assert packet.status == CompletionPacket.Status.BUILDING and packet.step == 2
    lease = timedelta(seconds=120)
    assert packet.lease_expires_at - timezone.now() <= lease

    assert sweep(timezone.now() + lease - timedelta(seconds=5)) == []  # it could still be alive
    with django_capture_on_commit_callbacks(execute=False) as handed_over:
        assert sweep(timezone.now() + lease + timedelta(seconds=1)) == [packet.pk]
    assert len(handed_over) == 1
    packet.refresh_from_db()
    assert packet.status == CompletionPacket.Status.QUEUED and packet.restarted_at is not None

    page = client_for(world.user("keystone", Role.SPONSOR_REVIEWER)).get(
        f"/keystone/completion/reviews/{packet.recommendation_id}/"
    )
    assert "The build was restarted" in page.text and "stopped before it finished" in page.text

    handed_over[0]()  # the worker takes it (tasks run in-process here)
    packet.refresh_from_db()
    assert packet.status == CompletionPacket.Status.READY and packet.attempts == 2


def test_a_build_that_reports_its_steps_is_left_alone(queued):
    packet = build_and_die(queued)
    assert sweep(packet.lease_expires_at - timedelta(seconds=1)) == []
    packet.refresh_from_db()
    assert packet.status == CompletionPacket.Status.BUILDING and packet.restarted_at is None


def test_the_dead_workers_task_coming_back_later_cannot_make_a_second_file_or_version(queued, settings, tmp_path):
    """Redis gives the dead worker's task back after its visibility timeout, while the re-queued
    build runs: of the two attempts only the latest finishes, into the one file of version 1."""
    from completion.packet import render_packet

    settings.MEDIA_ROOT = tmp_path
    build_and_die(queued)
    sweep(timezone.now() + timedelta(minutes=3))
    outcome = {}

    def requeued_render(packet, progress):
        def report(step):
            progress(step)
            if step == 3 and "late" not in outcome:
                # Halfway, the original task is delivered again and runs to the end.
                with scopes_disabled():
                    outcome["late"] = services.packet_build(packet.pk)
        return render_packet(packet, report)

    with pytest.raises(services.BuildSuperseded), scopes_disabled():
        services.packet_build(queued.pk, render=requeued_render)
    with scopes_disabled():
        packets = list(CompletionPacket.objects.filter(recommendation=queued.recommendation_id))
    assert [(p.version, p.status) for p in packets] == [(1, CompletionPacket.Status.READY)]
    assert outcome["late"].status == CompletionPacket.Status.READY
    assert [f.name for f in (tmp_path / "private" / "packets").iterdir()] == [packets[0].file.name.rsplit("/")[-1]]


def test_an_attempt_that_lost_the_packet_cannot_mark_it_failed(queued):
    build_and_die(queued)
    with scopes_disabled():
        services.packet_build(queued.pk, attempt="second")
        services.packet_fail(queued.pk, "ValueError: from the first attempt", attempt="first")
    queued.refresh_from_db()
    assert queued.status == CompletionPacket.Status.READY and not queued.error


def test_the_job_runs_every_minute_and_the_lease_outlasts_the_builds_time_limit(settings):
    from completion.tasks import BUILD_TIME_LIMIT

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["completion.tasks.requeue_stuck_packets"] <= 60
    assert settings.PACKET_BUILD_LEASE_SECONDS >= BUILD_TIME_LIMIT
