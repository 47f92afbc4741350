from celery import shared_task
from django_scopes import scope, scopes_disabled

from notifications.models import Notification
from notifications.services import delivery


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def deliver_notification(notification_id: int) -> bool:
    """Send one notification as its recipient chose (services.delivery.notification_deliver).  Safe to run
    twice: a notification is e-mailed once."""
    with scopes_disabled():
        row = Notification.objects.filter(pk=notification_id).select_related("sponsor").first()
    if row is None:
        return False
    with scope(sponsor=row.sponsor):
        return delivery.notification_deliver(notification_id)


@shared_task
def send_digests() -> int:
    """Every morning (celery beat): each person's daily digest e-mail.  Run twice, it sends nothing twice."""
    return delivery.digests_send()
