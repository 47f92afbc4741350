"""Reading configuration from environment variables.

Every helper raises ImproperlyConfigured naming the variable when its value is
malformed, so a typo stops start-up instead of silently picking a default.
"""

import os
from email.utils import getaddresses
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_addresses(name):
    """'Ana Ruiz <ana@example.org>, ops@example.org' → [("Ana Ruiz", "ana@example.org"), ("", "ops@example.org")]."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return []
    pairs = getaddresses([raw])
    if not pairs or any("@" not in address for _name, address in pairs):
        raise ImproperlyConfigured(f"{name} must be e-mail addresses separated by commas (got {raw!r}).")
    return pairs


def env_choice(name, choices, default):
    raw = os.environ.get(name) or default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)} (got {raw!r}).")
    return raw


def env_url(name, schemes):
    """A URL whose scheme is one of `schemes`, or "" when the variable is unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parsed = urlparse(raw)
    if parsed.scheme not in schemes or not (parsed.hostname or parsed.path):
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)} (got {raw!r})."
        )
    return raw
