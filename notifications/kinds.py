"""The kinds of notification, registered by the apps that raise them.

A kind says who may receive it, how it reaches them unless they choose otherwise, and which
templates render it: `<template>_subject.txt` (the inbox line and the e-mail's subject), `<template>.txt`
and `<template>.html` (the e-mail's two bodies; the inbox shows the text one).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    NOW = "now", _("E-mail at once")
    DIGEST = "digest", _("In the daily digest e-mail")
    INAPP = "inapp", _("In the app only")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    roles: frozenset[str]
    template: str
    default: str = Delivery.NOW
    description: str | Promise = ""
    # A sponsor may make this kind mandatory: its members then get it by e-mail whatever they chose.
    may_be_mandatory: bool = False


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.code in KINDS and KINDS[kind.code] != kind:
        raise ValueError(f"Notification kind {kind.code!r} is registered twice.")
    KINDS[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r}; register it in notifications.kinds.") from None


def for_role(role: str) -> list[Kind]:
    """The kinds a member of `role` may receive, in the order of their labels."""
    return sorted((kind for kind in KINDS.values() if role in kind.roles), key=lambda kind: str(kind.label))


def may_be_mandatory() -> list[Kind]:
    """The kinds a sponsor may make mandatory, in the order of their labels."""
    return sorted((kind for kind in KINDS.values() if kind.may_be_mandatory), key=lambda kind: str(kind.label))
