from celery import shared_task

from imt import dispatch


@shared_task
def send_deferred_tasks():
    """Every minute (celery beat): hand the broker what requests could not while it was away."""
    return dispatch.send_deferred()
