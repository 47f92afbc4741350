from celery import shared_task

from api import services


@shared_task
def purge_old_calls() -> int:
    """Every day: the API's record of calls older than API_CALL_RETENTION_DAYS is deleted.  Safe to run twice."""
    return services.api_calls_purge()
