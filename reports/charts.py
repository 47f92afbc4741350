"""Bar charts drawn on the server as inline SVG: the view computes every shape, the template
(templates/reports/partials/chart.html) only writes them out.  No script, no style attribute
(the Content-Security-Policy allows neither inline): colours are SVG presentation attributes.
Each chart has a <title> and a <desc>; the table beside it holds the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from imt.text import format_hours

COLOURS = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1")
LABEL_CHARS = 30  # a longer label is cut (its bar's tooltip and the table have it whole)


@dataclass
class Shape:
    x: float
    y: float
    width: float = 0
    height: float = 0
    text: str = ""
    fill: str = ""
    anchor: str = "start"


@dataclass
class Chart:
    key: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Shape] = field(default_factory=list)
    labels: list[Shape] = field(default_factory=list)
    lines: list[Shape] = field(default_factory=list)
    legend: list[Shape] = field(default_factory=list)


def _number(value: Decimal | int | None) -> Decimal:
    return Decimal(value or 0)


def _label(value: Decimal | int) -> str:
    return format_hours(value) if isinstance(value, Decimal) else str(value)


def _legend(chart: Chart, series: list[str], y: float) -> None:
    x = 0.0
    for index, name in enumerate(series):
        chart.legend.append(Shape(x, y, 12, 12, name, COLOURS[index % len(COLOURS)]))
        x += 24 + 8 * len(name)


def horizontal_bars(key: str, title: str, description: str, rows: list[tuple[str, list[Decimal | int]]],
                    series: list[str]) -> Chart:
    """One row per label, one bar per series in it, the value written after each bar."""
    label_width, bar_width, row_height = 230, 330, 28
    top = 24 if len(series) > 1 else 4
    peak = max((_number(v) for _label_text, values in rows for v in values), default=Decimal(0)) or Decimal(1)
    chart = Chart(key, title, description, 640, top + row_height * max(len(rows), 1) + 4)
    if len(series) > 1:
        _legend(chart, series, 4)
    thickness = (row_height - 8) / max(len(series), 1)
    for index, (text, values) in enumerate(rows):
        y = top + index * row_height
        short = text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"
        chart.labels.append(Shape(label_width - 8, y + row_height / 2 + 4, text=short, anchor="end"))
        for number, value in enumerate(values):
            length = float(_number(value) / peak) * bar_width
            bar_y = y + 4 + number * thickness
            chart.bars.append(Shape(label_width, bar_y, max(length, 1 if value else 0), thickness - 1,
                                    f"{text}: {_label(value)}", COLOURS[number % len(COLOURS)]))
            chart.labels.append(Shape(label_width + length + 4, bar_y + thickness - 3, text=_label(value)))
    return chart


def columns(key: str, title: str, description: str, groups: list[tuple[str, list[Decimal | int]]],
            series: list[str]) -> Chart:
    """Grouped columns (one group per label, e.g. a month), a base line and the peak written on the axis."""
    left, plot_width, top, plot_height = 56, 570, 28, 180
    peak = max((_number(v) for _text, values in groups for v in values), default=Decimal(0)) or Decimal(1)
    chart = Chart(key, title, description, 640, top + plot_height + 40)
    _legend(chart, series, 4)
    base = top + plot_height
    chart.lines.append(Shape(left, base, left + plot_width, base))
    chart.lines.append(Shape(left, top, left + plot_width, top))
    chart.labels.append(Shape(left - 6, top + 4, text=_label(peak), anchor="end"))
    chart.labels.append(Shape(left - 6, base + 4, text="0", anchor="end"))
    slot = plot_width / max(len(groups), 1)
    thickness = (slot - 8) / max(len(series), 1)
    for index, (text, values) in enumerate(groups):
        x = left + index * slot + 4
        for number, value in enumerate(values):
            height = float(_number(value) / peak) * plot_height
            chart.bars.append(Shape(x + number * thickness, base - height, thickness - 1, height,
                                    f"{text}, {series[number]}: {_label(value)}", COLOURS[number % len(COLOURS)]))
        chart.labels.append(Shape(x + slot / 2 - 4, base + 16, text=text, anchor="middle"))
    return chart
