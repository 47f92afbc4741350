"""After a signature that can move an apprentice up the wage schedule commits, look for the raises it
made due: a mentor's approval of hours, a skill sign-off (competencies mastered) and an approved
advanced standing (credited hours).

Each of these writes one signature whose content names what it decided (apprentices.services); this
receiver only hands those ids to the detection task once the transaction has committed, when the
enrollments' figures include the change.  It writes nothing and reads nothing itself (the signing
pages keep their query budgets)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from apprentices.models import Signature
from imt.dispatch import send_on_commit


def _what_changed(content):
    """("entries" | "enrollments" | "standings", ids) of a signature that may reach a wage step, else None."""
    action = content.get("action")
    if action == "approve_ojt_hours":
        ids = [e["id"] for e in content.get("entries", []) if isinstance(e, dict) and "id" in e]
        return ("entries", ids) if ids else None
    if action == "skill_sign_off" and content.get("enrollment"):
        return "enrollments", [content["enrollment"]]
    if action == "advanced_standing" and content.get("decision") == "approved" and content.get("standing"):
        return "standings", [content["standing"]]
    return None


@receiver(post_save, sender=Signature, dispatch_uid="wages_raises_after_signature")
def raises_after_signature(sender, instance, created, **kwargs):
    changed = _what_changed(instance.content or {}) if created else None
    if changed is None:
        return
    from wages.tasks import detect_raises_after

    send_on_commit(detect_raises_after, instance.sponsor_id, *changed)
