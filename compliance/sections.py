"""The compliance page's sections.

The page belongs to no single domain app: each app that knows of something the registration agency
expects (a raise due, a ratio breach, a probation ending, a status change to report) registers a
section function, `section(request) -> Section | None`, in its AppConfig.ready().  A section returns
None for a viewer it has nothing for.  What a section lists is within the viewer's scope: sponsor staff
see the sponsor's apprentices, an employer admin their employer's (`enrollments_in_scope`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_sections: list[Callable[[Any], Section | None]] = []


@dataclass
class Section:
    """One part of the compliance page: `rows` rendered by `template` (which gets `section` and `rows`),
    `overdue` how many of them are past their deadline (shown as a badge)."""

    key: str
    title: str
    template: str
    rows: list[Any] = field(default_factory=list)
    overdue: int = 0
    empty: str = ""
    order: int = 100

    @property
    def count(self):
        return len(self.rows)


def register_section(func):
    if func not in _sections:
        _sections.append(func)
    return func


def sections_for(request) -> list[Section]:
    """Every section that has something for this viewer, in their order."""
    found = [section for section in (func(request) for func in _sections) if section is not None]
    return sorted(found, key=lambda section: section.order)


def enrollments_in_scope(request):
    """The enrollments the compliance page covers for this viewer: the sponsor's for sponsor staff, their
    employer's for an employer admin."""
    from apprentices.selectors import enrollments_visible_to

    return enrollments_visible_to(request.membership)
