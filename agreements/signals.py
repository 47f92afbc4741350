"""The changes that call for an agreement, handed to the services once their transaction commits: the
original at enrollment, an amendment after a transfer, a move to another standards version or approved
credit for previous experience.  The enrollment's records are complete by then (its employer and standards
version already changed), and an agreement is produced in its own transaction."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scope

from apprentices.models import AdvancedStanding, StatusChange

logger = logging.getLogger(__name__)
TRIGGERS = {StatusChange.Kind.ENROLLED, StatusChange.Kind.TRANSFER, StatusChange.Kind.STANDARDS}


@receiver(post_save, sender=StatusChange)
def agreement_after_status_change(sender, instance, created, **kwargs):
    if not created or instance.kind not in TRIGGERS:
        return
    change_id, sponsor_id = instance.pk, instance.sponsor_id

    def produce():
        from agreements.services import agreement_for_status_change

        with scope(sponsor=sponsor_id):
            agreement_for_status_change(StatusChange.objects.select_related("enrollment", "by").get(pk=change_id))

    transaction.on_commit(logged(produce, f"status change {change_id}"))


@receiver(post_save, sender=AdvancedStanding)
def agreement_after_credit(sender, instance, created, **kwargs):
    if created or instance.status != AdvancedStanding.Status.APPROVED:
        return
    standing_id, sponsor_id = instance.pk, instance.sponsor_id

    def produce():
        from agreements.services import agreement_for_standing

        with scope(sponsor=sponsor_id):
            agreement_for_standing(AdvancedStanding.objects.select_related("enrollment", "decided_by")
                                   .get(pk=standing_id))

    transaction.on_commit(logged(produce, f"advanced standing {standing_id}"))


def logged(produce, what):
    """The change that called for an agreement is committed already: a failure to produce it is logged
    (to be produced again, idempotently) rather than shown to the person who made the change."""

    def run():
        try:
            produce()
        except Exception:
            logger.exception("The agreement called for by %s was not produced.", what)

    return run
