from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from programs.models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id):
    """E-mail an invitation link.  Safe to run twice: an invitation is mailed once."""
    with scopes_disabled():
        invitation = Invitation.objects.select_related("sponsor", "employer", "invited_by").filter(
            pk=invitation_id
        ).first()
    if invitation is None or invitation.email_sent_at or not invitation.is_pending:
        return False
    with scope(sponsor=invitation.sponsor):
        context = {
            "invitation": invitation,
            "link": settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token]),
        }
        send_mail(
            subject=render_to_string("programs/email/invitation_subject.txt", context).strip(),
            message=render_to_string("programs/email/invitation_body.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
        with transaction.atomic():
            Invitation.objects.filter(pk=invitation.pk).update(email_sent_at=timezone.now())
    return True
