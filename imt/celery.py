"""The Celery application.

Tasks are acknowledged only after they finish (acks_late) and are given back to
the broker when a worker dies mid-task, so a killed worker loses nothing; every
task is therefore written to be safe to run twice.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imt.settings")

app = Celery("imt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_track_started=True,
    result_expires=60 * 60 * 24,
    broker_connection_retry_on_startup=True,
)
app.autodiscover_tasks()


@signals.task_failure.connect
def mail_admins_when_a_task_fails(sender=None, task_id=None, exception=None, einfo=None, **kwargs):
    """A worker's failures reach ADMINS as a request's do (without Sentry; an eager task's exception
    is the request's own)."""
    from django.conf import settings
    from django.core.mail import mail_admins

    if app.conf.task_always_eager or not settings.ADMINS:
        return
    name = getattr(sender, "name", "?")
    mail_admins(f"Task {name} failed: {exception!r}"[:200], f"Task id: {task_id}\n\n{einfo}", fail_silently=True)
