from celery import shared_task

from wages import services


@shared_task
def detect_raises_after_approval(sponsor_id: int, entry_ids: list[int]) -> int:
    """After hours were approved: the raises the enrollments of those entries have now reached.  Safe to
    run twice."""
    return services.raises_detect_after_approval(sponsor_id, entry_ids)


@shared_task
def detect_raises_daily() -> int:
    """Every day: the raises months in the program (or anything else) have reached."""
    return services.raises_detect_all()
