"""Real Celery workers for tests: separate processes on a queue of their own, using the test database.

They need PostgreSQL (another process cannot see an in-memory SQLite test database) and REDIS_URL;
CI provides both, and there a skip is a failure.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from imt.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def needs_services():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (a real Celery broker)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker process cannot see an in-memory SQLite test database")


class Worker:
    def __init__(self, queue, env, pool="solo", concurrency=1, app="imt", own_process_group=False):
        self.queue, self.env, self.pool, self.concurrency = queue, env, pool, concurrency
        self.app, self.own_process_group = app, own_process_group
        self.process = None
        self.output = ""
        self._reader = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", self.app, "worker", "-Q", self.queue, "--pool", self.pool,
             "--concurrency", str(self.concurrency), "--without-gossip", "--without-mingle", "-l", "info"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=self.own_process_group,
        )
        # Read the worker's output as it comes: a worker that logs thousands of tasks would otherwise fill
        # the pipe and block on its next line.  The last lines are kept for the test's report.
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self._reader.start()
        return self

    def _read(self, stream):
        for line in stream:
            self.output = (self.output + line)[-50_000:]

    def _ended(self):
        self.process.wait()
        if self._reader is not None:
            self._reader.join(timeout=10)
        self.process = None

    def kill_process_group(self):
        """SIGKILL to the worker and its pool at once, as the kernel's OOM killer or a crashed host would."""
        assert self.own_process_group, "start it with own_process_group=True, or this kills the tests too"
        os.killpg(self.process.pid, signal.SIGKILL)
        self._ended()

    def children(self):
        """Process ids of the pool's child processes (prefork), which run the tasks."""
        result = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in result.stdout.split()]

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._ended()


@contextlib.contextmanager
def celery_queue(media_root, **env_changes):
    """Point this process's Celery app at a fresh queue; yield a factory of workers on it."""
    needs_services()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(media_root),
        "FAST_PASSWORD_HASHER": "1",
        **env_changes,
    }
    eager, default_queue = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    workers = []

    def worker(pool="solo", concurrency=1, app="imt", own_process_group=False, **more_env):
        started = Worker(queue, {**env, **more_env}, pool, concurrency, app, own_process_group).start()
        workers.append(started)
        return started

    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = eager, default_queue
        for started in workers:
            started.stop()
            print(started.output[-4000:])


def wait_for(condition, timeout=90, interval=0.3, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")


CLOSED_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def forget_broker_connections():
    """Drop this process's pooled broker connections, so that the next publish uses the broker URL as it is now."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_down(url=CLOSED_BROKER):
    """The app's broker URL pointing where no broker answers, and tasks no longer run in-process."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    forget_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        forget_broker_connections()
