from django.db.models.signals import post_save
from django.dispatch import receiver

from apprentices.services import enrollments_link_apprentice
from programs.models import Membership


@receiver(post_save, sender=Membership)
def link_invited_enrollments(sender, instance, **kwargs):
    """An apprentice enrolled before they had a sign-in is linked to their enrollments once their
    membership exists (when they accept the invitation).  The memberships are written by programs, which
    sits below apprentices and may not call it: this receiver only hands the membership to the service
    that does the write."""
    enrollments_link_apprentice(apprentice=instance)
