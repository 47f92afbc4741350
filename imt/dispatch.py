"""Handing work to the Celery workers without letting the broker fail a request.

A request only ever publishes a task after its transaction committed, so the rows a task needs are
safe in the database whatever happens to the message.  When the broker does not take the message
(Redis down, not answering within the short timeouts in settings), `send` logs it and leaves a way
to pick the work up later: the caller's own `on_failure` (a completion packet marks itself waiting)
or a DeferredTask row that the periodic job `imt.tasks.send_deferred_tasks` sends again.

With tasks run in-process (the embedded default and most tests) nothing is published, and a
task's error stays the request's error, as it was before.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def publish(task, args):
    """Hand `task(*args)` to the broker once; raises what the broker raised.  No result is kept:
    nobody in a request waits for one, and asking for it would wait on Redis' result store too."""
    task.apply_async(args, ignore_result=True)


def send(task, *args, on_failure=None):
    """Publish `task(*args)`; True when the broker took it.  Never raises for a broker fault."""
    if task.app.conf.task_always_eager:
        task.apply_async(args)
        return True
    try:
        publish(task, list(args))
    except Exception as error:  # whatever the broker client raised, the request must go on
        logger.error("The broker did not take %s%r; it will be sent later: %s", task.name, tuple(args), error)
        if on_failure is not None:
            on_failure(error)
        else:
            defer(task.name, list(args), error)
        return False
    return True


def send_on_commit(task, *args, on_failure=None):
    """`send` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send(task, *args, on_failure=on_failure))


def defer(task_name, args, error):
    from imt.models import DeferredTask

    try:
        DeferredTask.objects.create(task=task_name, args=args, last_error=f"{type(error).__name__}: {error}"[:2000])
    except Exception:
        # Both the broker and the database are failing: the log is all that is left to go on.
        logger.critical("Could not record %s%r to send later; it is lost", task_name, tuple(args), exc_info=True)


def send_deferred(*, limit=500):
    """Send the deferred tasks again, oldest first; returns the names of those the broker took.

    Stops at the first refusal: the broker is still away and the rest would only wait on it too.
    """
    from imt.celery import app
    from imt.models import DeferredTask

    sent = []
    with transaction.atomic():
        # skip_locked: a second copy of this job running at the same time leaves these rows alone.
        for row in DeferredTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit]:
            task = app.tasks.get(row.task)
            if task is None:
                logger.error("Deferred task %s is not a known task; left for an operator", row.task)
                continue
            try:
                if app.conf.task_always_eager:
                    task.apply(row.args)
                else:
                    publish(task, row.args)
            except Exception as error:
                row.attempts += 1
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
                row.save(update_fields=["attempts", "last_error"])
                logger.warning("The broker still does not take deferred tasks: %s", error)
                break
            row.delete()
            sent.append(f"{row.task}{tuple(row.args)}")
    return sent
