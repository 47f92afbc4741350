from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and load-test data: the commands that build records in every app (`seed_demo`, `bench_plan`,
    `bench_explain`).  It stands above all the other apps, so that imt/ never imports upward."""

    name = "demo"
    verbose_name = _("Demo data")
