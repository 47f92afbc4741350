from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = _("Reports to the registration agency")

    def ready(self):
        from agency import compliance

        compliance.register()
