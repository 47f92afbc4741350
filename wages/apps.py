from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagesConfig(AppConfig):
    name = "wages"
    verbose_name = _("Wage progression")

    def ready(self):
        from wages import compliance, dashboard, receivers  # noqa: F401
