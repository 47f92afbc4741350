"""A round trip through the app's own Celery configuration with a real worker on Redis.

Needs PostgreSQL (the worker is another process and must see the test database)
and REDIS_URL; CI provides both, and there a skip is a failure.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_scopes import scope

from imt.celery import app as celery_app
from imt.permissions import Role
from programs import services

ROOT = Path(__file__).resolve().parents[2]


def needs_services():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (a real Celery broker)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker process cannot see an in-memory SQLite test database")


@pytest.fixture
def worker(tmp_path):
    """A Celery worker process on a queue of its own, using the test database; yields (queue, mail dir)."""
    needs_services()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "imt", "worker", "-Q", queue, "--pool", "solo",
         "--without-gossip", "--without-mingle", "-l", "info"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    eager, default_queue = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield queue, mail_dir
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = eager, default_queue
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-3000:])


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_invitation_email_is_sent_by_a_real_worker(world, worker):
    _queue, mail_dir = worker
    with scope(sponsor=world.a):
        invitation = services.invitation_create(
            sponsor=world.a, email="worker.check@example.com", role=Role.SPONSOR_REVIEWER,
            invited_by=world.user("keystone", Role.SPONSOR_ADMIN),
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        files = list(mail_dir.glob("*.log")) if mail_dir.exists() else []
        if files:
            break
        time.sleep(0.5)
    assert files, "the worker did not send the invitation e-mail within 90 s"
    message = files[0].read_text()
    assert "worker.check@example.com" in message
    assert f"/invitations/{invitation.token}/" in message
    with scope(sponsor=world.a):
        for _ in range(20):
            invitation.refresh_from_db()
            if invitation.email_sent_at:
                break
            time.sleep(0.25)
        assert invitation.email_sent_at is not None


@pytest.mark.services
def test_a_task_result_comes_back_through_redis(worker):
    from programs.tasks import send_invitation_email

    # An unknown invitation id is a no-op that returns False: the round trip carries the result back.
    result = send_invitation_email.delay(987654321)
    assert result.get(timeout=60) is False
