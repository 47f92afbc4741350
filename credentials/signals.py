"""Every new sponsor starts with the IMT credential types; every new program requires the IMT credentials."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from credentials import services
from programs.models import Program, Sponsor


@receiver(post_save, sender=Sponsor, dispatch_uid="credentials_types_for_new_sponsor")
def seed_types(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        with scopes_disabled():
            services.credential_types_seed(sponsor=instance)


@receiver(post_save, sender=Program, dispatch_uid="credentials_requirements_for_new_program")
def seed_requirements(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        with scopes_disabled():
            services.program_requirements_seed(program=instance)
