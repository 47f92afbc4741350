from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImtConfig(AppConfig):
    name = "imt"
    verbose_name = _("Accounts")
