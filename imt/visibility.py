"""Which records a member may see: one rule for each kind of record, used by every page and service.

A URL names a record as `<kind>_pk` (`<int:ojt_entry_pk>`).  Before a sponsor page's view runs, the
page wrapper (imt/access.py) looks the number up among the records of that kind visible to the
member and hands the view the record itself as `<kind>` (`ojt_entry=…`), or answers 404.  So a view
never looks up the record of its URL on its own and cannot forget the rule: an employer admin sees
their employer's apprentices, a mentor the apprentices they mentor now, an instructor their own
sections, whatever view comes next.  tests/imt/test_access_registry.py fails on a URL that names a
kind without a rule.

A service checks a record it is handed against the same rule with
`imt.permissions.require(by, permission, record)`.

Each app declares its rules next to its other look-ups, in its `selectors` module:

    @visibility.rule("ojt_entry", OJTEntry)
    def entries_visible_to(membership): ...

Every app's selectors are imported when Django starts (imt.apps), so the rules are known before the
first request or task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    # For the annotations only (never imported at run time): the member whose rules these are lives in
    # programs/, one floor up.
    from programs.models import Membership

PK_SUFFIX = "_pk"

VisibleTo = Callable[["Membership"], "models.QuerySet[Any]"]


@dataclass(frozen=True)
class Rule:
    kind: str
    model: type[models.Model]
    visible_to: VisibleTo


RULES: dict[str, Rule] = {}
_KIND_OF_MODEL: dict[type[models.Model], str] = {}


def rule(kind: str, model: type[models.Model]) -> Callable[[VisibleTo], VisibleTo]:
    """Register `visible_to(membership)` as the records of `kind` (instances of `model`) a member may see."""

    def register(visible_to: VisibleTo) -> VisibleTo:
        known = RULES.get(kind)
        if known is not None and known.visible_to is not visible_to:
            raise ValueError(f"Two rules for the records of kind {kind!r}: {known.visible_to} and {visible_to}.")
        RULES[kind] = Rule(kind, model, visible_to)
        _KIND_OF_MODEL.setdefault(model, kind)
        return visible_to

    return register


def visible(membership: Membership, kind: str) -> models.QuerySet[Any]:
    """The records of `kind` that `membership` may see."""
    try:
        found = RULES[kind]
    except KeyError:
        raise LookupError(f"No visibility rule for records of kind {kind!r} (@visibility.rule).") from None
    return found.visible_to(membership)


def is_visible(membership: Membership, record: models.Model) -> bool:
    """Whether `membership` may see `record` (by the rule of the record's model)."""
    try:
        kind = _KIND_OF_MODEL[type(record)]
    except KeyError:
        raise LookupError(f"No visibility rule for {type(record).__name__} records.") from None
    return visible(membership, kind).filter(pk=record.pk).exists()


def kinds_in(kwargs: dict[str, Any]) -> list[str]:
    return [name[: -len(PK_SUFFIX)] for name in kwargs if name.endswith(PK_SUFFIX)]


def resolve(membership: Membership, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The URL's keyword arguments with each `<kind>_pk` replaced by the visible record `<kind>` (404 when
    there is none)."""
    resolved = {}
    for name, value in kwargs.items():
        if name.endswith(PK_SUFFIX):
            kind = name[: -len(PK_SUFFIX)]
            resolved[kind] = get_object_or_404(visible(membership, kind), pk=value)
        else:
            resolved[name] = value
    return resolved
