"""Every new sponsor starts with the IMT credential types; every new program requires the IMT credentials.

TRANSITION(#14): these receivers write domain records (the credential types and the required credentials).
They should be explicit calls from the services that create sponsors and programs, but those live in
`programs`, which sits below this app and may not import it, so a signal is how it reacts; until programs'
services offer a hook, the receivers stay. Any sponsor or program saved for the first time (by a service, the
demo or a test) gets the IMT standard.
"""

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
