"""Every new sponsor starts with the IMT catalog; every new program with the IMT required courses.

TRANSITION(#14): these receivers write domain records (the catalog and the required courses). They should be
explicit calls from the services that create sponsors and programs, but those live in `programs`, which sits
below this app and may not import it, so a signal is how it reacts; until programs' services offer a hook, the
receivers stay. Any sponsor or program saved for the first time (by a service, the demo or a test) gets the
IMT standard.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from programs.models import Program, Sponsor
from rti import services


@receiver(post_save, sender=Sponsor, dispatch_uid="rti_catalog_for_new_sponsor")
def seed_catalog(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        with scopes_disabled():
            services.catalog_seed(sponsor=instance)


@receiver(post_save, sender=Program, dispatch_uid="rti_requirements_for_new_program")
def seed_requirements(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        with scopes_disabled():
            services.program_requirements_seed(program=instance)
