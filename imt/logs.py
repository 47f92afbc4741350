"""The LOGGING setting: everything to the console at one level, less the chatter of a few libraries."""

from typing import Any


def logging_settings(level: str, *, eager_tasks: bool) -> dict[str, Any]:
    loggers = {
        # WeasyPrint narrates every layout step at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.utils.autoreload": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},  # says at INFO that its logging started
    }
    if eager_tasks:
        # Tasks run inside the request then; a line per task says nothing a worker's log would need.
        loggers["celery.app.trace"] = {"level": "WARNING"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": loggers,
    }
