from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Apprenticeship agreements")

    def ready(self):
        from agreements import compliance, dashboard, signals  # noqa: F401  (they register on import)
