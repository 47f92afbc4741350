from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprenticesConfig(AppConfig):
    name = "apprentices"
    verbose_name = _("Apprentices")

    def ready(self):
        from apprentices import dashboard, signals  # noqa: F401
