"""The completion tasks take ids, find the record's sponsor and run the service inside that sponsor's
scope, never with scoping switched off."""

from unittest import mock

import pytest
from django.utils import timezone
from django_scopes import get_scope, scope

from completion import services, tasks
from completion.models import Certificate
from imt.permissions import Role
from tests.completion.factories import make_eligible

pytestmark = pytest.mark.django_db


def _scopes_seen_by(service_path, task, *args, returns=None):
    seen = []

    def record(*a, **kw):
        seen.append(dict(get_scope()))
        return returns

    with mock.patch(service_path, side_effect=record):
        task.apply(args=args, throw=True)
    return seen


@pytest.fixture
def recommendation(world):
    """A recommendation of keystone's with its first packet queued (nothing runs on commit here)."""
    with scope(sponsor=world.a):
        return services.recommend(enrollment=make_eligible(world), by=world.member("keystone", Role.EMPLOYER_ADMIN),
                                  confirmed_at=timezone.now())


def test_each_task_runs_its_service_in_the_sponsor_scope_of_its_record(world, recommendation):
    with scope(sponsor=world.a):
        packet = recommendation.packets.get()
        certificate = Certificate.objects.create(sponsor=world.a, enrollment=recommendation.enrollment,
                                                 number="TEST-TASKS-1", completed_on=timezone.localdate())
    in_scope = [{"_enabled": True, "sponsor": world.a.pk}]
    assert _scopes_seen_by("completion.services.packet_build", tasks.build_packet, packet.pk) == in_scope
    assert _scopes_seen_by("completion.services.certificate_render", tasks.issue_certificate,
                           certificate.pk) == in_scope
    assert _scopes_seen_by("completion.notifications.send_decision", tasks.notify_completion,
                           recommendation.pk) == in_scope


def test_the_periodic_requeue_visits_each_sponsor_with_a_waiting_packet_in_its_scope(world, recommendation):
    seen = _scopes_seen_by("completion.services.requeue_stuck_packets", tasks.requeue_stuck_packets, returns=[])
    assert seen == [{"_enabled": True, "sponsor": world.a.pk}]


def test_a_task_for_a_record_that_is_gone_does_nothing(world):
    assert tasks.build_packet.apply(args=[999_999], throw=True).get() == "missing"
    assert _scopes_seen_by("completion.services.certificate_render", tasks.issue_certificate, 999_999) == []
