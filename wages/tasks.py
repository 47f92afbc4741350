from celery import shared_task

from wages import services


@shared_task
def detect_raises_after(sponsor_id: int, what: str, ids: list[int]) -> int:
    """After hours were approved, a skill signed off or credit granted: the raises the enrollments
    concerned have now reached.  Safe to run twice."""
    return services.raises_detect_after(sponsor_id, what, ids)


@shared_task
def detect_raises_daily() -> int:
    """Every day: the raises months in the program (or anything else) have reached."""
    return services.raises_detect_all()
