"""After a mentor's approval of hours commits, look for the raises it made due.

An approval writes one signature whose content lists the approved entries (apprentices.services.
hours_approve); this receiver only hands those entries to the detection task once the approval's
transaction has committed, when their enrollments' approved hours include it.  It writes nothing and
reads nothing itself (the approval's page keeps its query budget)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from apprentices.models import Signature
from imt.dispatch import send_on_commit


@receiver(post_save, sender=Signature, dispatch_uid="wages_raises_after_approval")
def raises_after_approval(sender, instance, created, **kwargs):
    content = instance.content or {}
    if not created or content.get("action") != "approve_ojt_hours":
        return
    from wages.tasks import detect_raises_after_approval

    entry_ids = [entry["id"] for entry in content.get("entries", []) if isinstance(entry, dict) and "id" in entry]
    if entry_ids:
        send_on_commit(detect_raises_after_approval, instance.sponsor_id, entry_ids)
