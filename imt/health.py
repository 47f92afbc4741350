"""`/healthz/`: does everything the app needs answer?  For operators, load balancers and compose.

200 when the database, the cache, the Celery broker and at least one worker answer; 503 naming what
does not.  The answer says only "ok" or "down" per part: the reasons (host names, errors) go to the
log, never to an anonymous visitor.  On the embedded default tasks run in the web process, so there
is no broker or worker to ask.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from imt.celery import app as celery_app

logger = logging.getLogger(__name__)

# One answer serves every request for this long, so a flood of probes cannot turn into a flood of
# broadcasts to the workers.
REUSE_SECONDS = 5.0
BROKER_TIMEOUT = 2.0
WORKER_TIMEOUT = 2.0

_last = {"at": None, "answer": None}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 30)
    found = cache.get(key) == "1"
    cache.delete(key)
    return found


def check_broker():
    with celery_app.connection_for_write(connect_timeout=BROKER_TIMEOUT) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
    return True


def check_workers():
    return bool(celery_app.control.ping(timeout=WORKER_TIMEOUT, limit=1))


def run_checks():
    """{part: "ok" | "down" | "not checked: …"} for the database, the cache, the broker and the workers."""
    results = {}

    def attempt(name, check):
        try:
            results[name] = "ok" if check() else "down"
        except Exception:
            logger.exception("Health check: the %s does not answer", name)
            results[name] = "down"

    attempt("database", check_database)
    attempt("cache", check_cache)
    if celery_app.conf.task_always_eager:
        results["broker"] = results["workers"] = "not checked: tasks run in the web process"
    else:
        attempt("broker", check_broker)
        if results["broker"] == "ok":
            attempt("workers", check_workers)
        else:
            results["workers"] = "not checked: no broker"
    return results


def current_answer():
    now = time.monotonic()
    if _last["at"] is None or now - _last["at"] > REUSE_SECONDS:
        checks = run_checks()
        down = [name for name, state in checks.items() if state == "down"]
        _last["answer"] = {"status": "down" if down else "ok", "down": down, "checks": checks}
        _last["at"] = now
    return _last["answer"]


def forget():
    """Make the next request check again (tests)."""
    _last["at"] = _last["answer"] = None


@never_cache
@require_safe
def healthz(request):
    answer = current_answer()
    return JsonResponse(answer, status=503 if answer["down"] else 200)
