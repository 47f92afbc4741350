from celery import shared_task
from django_scopes import scope

from programs import services
from programs.models import Invitation, Sponsor


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> bool:
    """E-mail an invitation link (programs.services.invitation_send_email).  Safe to run twice: an
    invitation is mailed once."""
    sponsor = Sponsor.objects.filter(invitations=invitation_id).first()
    if sponsor is None:
        return False
    with scope(sponsor=sponsor):
        invitation = Invitation.objects.select_related("sponsor", "employer", "invited_by").filter(
            pk=invitation_id
        ).first()
        if invitation is None:
            return False
        return services.invitation_send_email(invitation=invitation)
