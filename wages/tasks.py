from celery import shared_task

from wages import services


@shared_task
def detect_raises(sponsor_id: int, enrollment_ids: list[int]) -> int:
    """After hours were approved: the raises those enrollments have now reached.  Safe to run twice."""
    return services.raises_detect_many(sponsor_id, enrollment_ids)


@shared_task
def detect_raises_daily() -> int:
    """Every day: the raises months in the program (or anything else) have reached."""
    return services.raises_detect_all()
