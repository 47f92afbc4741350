"""A round trip through the app's own Celery configuration with a real worker on Redis."""

import pytest
from django.conf import settings
from django_scopes import scope

from imt.permissions import Role
from programs import services
from tests.workers import celery_queue, wait_for


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_invitation_email_is_sent_by_a_real_worker(world, tmp_path):
    mail_dir = tmp_path / "mail"
    with celery_queue(settings.MEDIA_ROOT) as worker:
        worker(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail_dir))
        with scope(sponsor=world.a):
            invitation = services.invitation_create(
                sponsor=world.a, email="worker.check@example.com", role=Role.SPONSOR_REVIEWER,
                invited_by=world.user("keystone", Role.SPONSOR_ADMIN),
            )
        files = wait_for(lambda: list(mail_dir.glob("*.log")) if mail_dir.exists() else [],
                         message="the invitation e-mail")
        message = files[0].read_text()
        assert "worker.check@example.com" in message
        assert f"/invitations/{invitation.token}/" in message
        with scope(sponsor=world.a):
            wait_for(lambda: invitation.refresh_from_db() or invitation.email_sent_at, message="email_sent_at")


@pytest.mark.services
@pytest.mark.django_db
def test_a_task_result_comes_back_through_redis():
    from programs.tasks import send_invitation_email

    with celery_queue(settings.MEDIA_ROOT) as worker:
        worker()
        # An unknown invitation id is a no-op that returns False: the round trip carries the result back.
        assert send_invitation_email.delay(987654321).get(timeout=60) is False


def test_a_failed_task_of_a_worker_is_mailed_to_admins(settings, mailoutbox):
    from celery import signals

    from imt.celery import app as celery_app
    from programs.tasks import send_invitation_email

    settings.ADMINS = [("Ops", "ops@example.org")]
    celery_app.conf.task_always_eager = False  # as in a worker process; the fixture restores it
    signals.task_failure.send(sender=send_invitation_email, task_id="t-1", exception=RuntimeError("SMTP down"),
                              einfo="Traceback: SMTP down")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ops@example.org"]
    assert "programs.tasks.send_invitation_email failed" in mailoutbox[0].subject
    assert "Traceback: SMTP down" in mailoutbox[0].body
