from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RtiConfig(AppConfig):
    name = "rti"
    verbose_name = _("Related technical instruction")

    def ready(self):
        from rti import dashboard  # noqa: F401
