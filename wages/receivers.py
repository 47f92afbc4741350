"""After a mentor's approval of hours commits, look for the raises it made due.

An approval writes one signature whose content lists the approved entries (apprentices.services.
hours_approve); this receiver only hands their enrollments to the detection task once the approval's
transaction has committed, when the enrollments' approved hours include it.  It writes nothing itself."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from apprentices.models import OJTEntry, Signature
from imt.dispatch import send_on_commit


@receiver(post_save, sender=Signature, dispatch_uid="wages_raises_after_approval")
def raises_after_approval(sender, instance, created, **kwargs):
    content = instance.content or {}
    if not created or content.get("action") != "approve_ojt_hours":
        return
    from wages.tasks import detect_raises

    entry_ids = [entry["id"] for entry in content.get("entries", []) if isinstance(entry, dict) and "id" in entry]
    with scopes_disabled():
        enrollment_ids = sorted(set(
            OJTEntry.objects.filter(sponsor=instance.sponsor_id, pk__in=entry_ids).values_list("enrollment_id", flat=True)
        ))
    if enrollment_ids:
        send_on_commit(detect_raises, instance.sponsor_id, enrollment_ids)
