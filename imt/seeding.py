"""Finding the apps' demo data: each project app may provide `<app>/demo.py` with
`seed(command, options)`; they run in INSTALLED_APPS order, so later apps build on earlier ones."""

import importlib

from django.apps import apps
from django.conf import settings


def demo_modules(only=None):
    """The demo modules of the project's own apps (of the apps named in `only`, when given), in order."""
    for app_config in apps.get_app_configs():
        if app_config.name not in settings.PROJECT_APPS:
            continue
        if only is not None and app_config.label not in only:
            continue
        try:
            yield importlib.import_module(f"{app_config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.demo":
                raise
