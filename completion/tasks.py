"""Celery entry points for completion.  Thin: they take ids, enter no business logic, and are safe to run twice."""

import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django_scopes import scopes_disabled

from completion import services

# Errors worth another try: the database or the disk hiccupped.  A template or data error is not.
TRANSIENT = (OperationalError, InterfaceError, OSError)


# The hard limit also bounds how long a live build can go without reporting a step, which is why the
# build lease (settings.PACKET_BUILD_LEASE_SECONDS) is at least this long.
BUILD_SOFT_TIME_LIMIT = 90
BUILD_TIME_LIMIT = 120


@shared_task(bind=True, max_retries=3, soft_time_limit=BUILD_SOFT_TIME_LIMIT, time_limit=BUILD_TIME_LIMIT)
def build_packet(self, packet_id):
    attempt = uuid.uuid4().hex
    with scopes_disabled():
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
    with scopes_disabled():
        return services.requeue_stuck_packets()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def issue_certificate(certificate_id):
    with scopes_disabled():
        services.certificate_render(certificate_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_completion(recommendation_id):
    from completion import notifications

    with scopes_disabled():
        notifications.send_decision(recommendation_id)
