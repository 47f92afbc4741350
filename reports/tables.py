"""A report's table: what a page shows beside its chart and what the CSV and XLSX downloads hold."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

Cell = str | int | Decimal | datetime.date | None

# Counts under this (and above zero) are shown as "<5" in the Part 30 report, on the page and in files.
SMALL_CELL = 5
SUPPRESSED = "<5"


@dataclass
class Table:
    key: str  # names the table in a download's address (?table=…)
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    short_labels: list[str] = field(default_factory=list)  # a chart's labels, when the rows' are too long

    def column(self, index: int) -> list[Cell]:
        return [row[index] for row in self.rows]


def suppress(count: int) -> int | str:
    """A count as the Part 30 report shows it: 1 to 4 people become "<5" so that nobody can be singled out."""
    return SUPPRESSED if 0 < count < SMALL_CELL else count
