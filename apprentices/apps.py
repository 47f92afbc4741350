from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ApprenticesConfig(AppConfig):
    name = "apprentices"
    verbose_name = _("Apprentices")

    def ready(self):
        from apprentices import dashboard, signals, triggers  # noqa: F401

        post_migrate.connect(triggers.reinstall_after_migrate, sender=self)
