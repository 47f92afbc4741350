"""Celery entry points for completion.  Thin: they take ids, enter the sponsor's scope, call a service,
and are safe to run twice.  Scoping is off only for the one look-up that finds the record's sponsor."""

import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, models
from django_scopes import scope, scopes_disabled

from completion import services
from completion.models import Certificate, CompletionPacket, Recommendation

# Errors worth another try: the database or the disk hiccupped.  A template or data error is not.
TRANSIENT = (OperationalError, InterfaceError, OSError)


# The hard limit also bounds how long a live build can go without reporting a step, which is why the
# build lease (settings.PACKET_BUILD_LEASE_SECONDS) is at least this long.
BUILD_SOFT_TIME_LIMIT = 90
BUILD_TIME_LIMIT = 120


def sponsor_of(model: type[models.Model], pk: int) -> int | None:
    """The sponsor of record `pk`, or None when there is no such record (it was deleted meanwhile)."""
    with scopes_disabled():
        return model._default_manager.filter(pk=pk).values_list("sponsor_id", flat=True).first()


@shared_task(bind=True, max_retries=3, soft_time_limit=BUILD_SOFT_TIME_LIMIT, time_limit=BUILD_TIME_LIMIT)
def build_packet(self, packet_id):
    sponsor_id = sponsor_of(CompletionPacket, packet_id)
    if sponsor_id is None:
        return "missing"
    attempt = uuid.uuid4().hex
    with scope(sponsor=sponsor_id):
        try:
            services.packet_build(packet_id, attempt=attempt)
        except services.BuildSuperseded:
            return "superseded"
        except TRANSIENT as error:
            if self.request.retries >= self.max_retries:
                services.packet_fail(packet_id, f"{type(error).__name__}: {error}", attempt=attempt)
                return "failed"
            raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
        except SoftTimeLimitExceeded:
            services.packet_fail(packet_id, "The packet took too long to build.", attempt=attempt)
            return "failed"
        except Exception as error:  # a render error: retrying gives the same result
            services.packet_fail(packet_id, f"{type(error).__name__}: {error}", attempt=attempt)
            raise
    return "ready"


@shared_task
def requeue_stuck_packets():
    """Every minute (celery beat): each sponsor with a packet queued or building, in that sponsor's scope."""
    with scopes_disabled():
        sponsor_ids = list(
            CompletionPacket.objects.filter(
                status__in=[CompletionPacket.Status.QUEUED, CompletionPacket.Status.BUILDING]
            ).order_by("sponsor_id").values_list("sponsor_id", flat=True).distinct()
        )
    requeued = []
    for sponsor_id in sponsor_ids:
        with scope(sponsor=sponsor_id):
            requeued += services.requeue_stuck_packets()
    return sorted(requeued)


def in_sponsor_scope(model: type[models.Model], pk: int, call):
    """`call()` inside the scope of the sponsor of record `pk`; nothing when the record is gone."""
    sponsor_id = sponsor_of(model, pk)
    if sponsor_id is None:
        return None
    with scope(sponsor=sponsor_id):
        return call()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def issue_certificate(certificate_id):
    in_sponsor_scope(Certificate, certificate_id, lambda: services.certificate_render(certificate_id))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_completion(recommendation_id):
    from completion import notifications

    in_sponsor_scope(Recommendation, recommendation_id, lambda: notifications.send_decision(recommendation_id))
