from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobbookConfig(AppConfig):
    name = "jobbook"
    verbose_name = _("Job Books")
