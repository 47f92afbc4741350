from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from imt.permissions import Role
from programs.models import Membership


@receiver(post_save, sender=Membership)
def link_invited_enrollments(sender, instance, **kwargs):
    """An apprentice enrolled before they had a sign-in is linked to their enrollments once their
    membership exists (when they accept the invitation)."""
    if instance.role != Role.APPRENTICE or not instance.is_active:
        return
    from apprentices.models import Enrollment

    with scopes_disabled():
        Enrollment.objects.filter(
            sponsor=instance.sponsor_id, apprentice__isnull=True, email__iexact=instance.user.email
        ).update(apprentice=instance)
