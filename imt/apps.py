from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ImtConfig(AppConfig):
    name = "imt"
    verbose_name = _("Accounts")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from imt import protected

        # Each app's visibility rules (imt/visibility.py) live in its selectors module.
        autodiscover_modules("selectors")

        # post_migrate is sent once for each app after the migrations (and after a flush): this app's
        # signal installs the guards of every app's records.
        post_migrate.connect(protected.install_after_migrate, sender=self, dispatch_uid="imt.protected")
