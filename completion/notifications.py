from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from completion.models import ReviewDecision
from programs.models import Membership


def send_decision(recommendation_id):
    """Tell the apprentice and the employer's admins about the sponsor's decision, once."""
    with transaction.atomic():
        decision = (
            ReviewDecision.objects.select_for_update()
            .select_related("recommendation__enrollment__employer", "recommendation__sponsor")
            .filter(recommendation_id=recommendation_id, notified_at__isnull=True)
            .first()
        )
        if decision is None:
            return False
        recommendation = decision.recommendation
        enrollment = recommendation.enrollment
        employer_admins = Membership.objects.filter(
            sponsor=recommendation.sponsor, employer=enrollment.employer, role="employer_admin", is_active=True
        ).select_related("user")
        recipients = [m.user.email for m in employer_admins]
        if decision.decision == ReviewDecision.Decision.APPROVE:
            recipients.append(enrollment.email)
        context = {"decision": decision, "recommendation": recommendation, "enrollment": enrollment,
                   "approved": decision.decision == ReviewDecision.Decision.APPROVE}
        send_mail(
            subject=render_to_string("completion/email/decision_subject.txt", context).strip(),
            message=render_to_string("completion/email/decision_body.txt", context),
            from_email=None, recipient_list=sorted(set(recipients)),
        )
        decision.notified_at = timezone.now()
        decision.save(update_fields=["notified_at"])
    return True


