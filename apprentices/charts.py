"""Charts drawn on the server as SVG: they need no JavaScript, print in WeasyPrint, and read the same
in the browser and in the completion packet."""

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

APPROVED_COLOUR = "#1d6e3f"
PENDING_COLOUR = "#e0a526"


def _nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × 10^n that is at least `value` (an axis maximum)."""
    if value <= 0:
        return 10
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def hours_by_month_svg(months, *, title=None, width=640, height=240):
    """A bar per month, approved hours with pending hours stacked on top.  `months` is
    selectors.hours_by_month(): [(first day of month, approved, pending)].  Returns a safe SVG string
    (every text escaped) with a title and description for screen readers."""
    title = title or _("OJT hours by month")
    left, right, top, bottom = 44, 8, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((float(a) + float(p) for _m, a, p in months), default=0)
    ceiling = _nice_ceiling(peak)
    total_approved = sum((Decimal(a) for _m, a, _p in months), Decimal(0))
    total_pending = sum((Decimal(p) for _m, _a, p in months), Decimal(0))
    description = _("%(approved)s approved and %(pending)s pending hours over %(months)s months.") % {
        "approved": f"{total_approved:,.2f}".rstrip("0").rstrip("."),
        "pending": f"{total_pending:,.2f}".rstrip("0").rstrip("."), "months": len(months),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="chart-title chart-desc" class="hours-chart" '
        f'font-family="system-ui, sans-serif" font-size="11">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    for i in range(5):
        value = ceiling * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{value:g}</text>')
    if months:
        slot = plot_w / len(months)
        bar = max(2.0, slot * 0.7)
        label_every = max(1, round(len(months) / 12))
        for index, (month, approved, pending) in enumerate(months):
            x = left + index * slot + (slot - bar) / 2
            a_h = plot_h * float(approved) / ceiling
            p_h = plot_h * float(pending) / ceiling
            label = escape(date_format(month, "M Y"))
            tip = escape(_("%(month)s: %(approved)s h approved, %(pending)s h pending")
                         % {"month": date_format(month, "F Y"), "approved": approved, "pending": pending})
            parts.append(f"<g><title>{tip}</title>")
            if a_h:
                parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - a_h:.1f}" width="{bar:.1f}" height="{a_h:.1f}" '
                             f'fill="{APPROVED_COLOUR}"/>')
            if p_h:
                parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - a_h - p_h:.1f}" width="{bar:.1f}" '
                             f'height="{p_h:.1f}" fill="{PENDING_COLOUR}"/>')
            parts.append("</g>")
            if index % label_every == 0:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                             f'fill="#333">{label}</text>')
    legend_y = height - 8
    parts += [
        f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="{APPROVED_COLOUR}"/>',
        f'<text x="{left + 14}" y="{legend_y}" fill="#333">{escape(_("Approved"))}</text>',
        f'<rect x="{left + 90}" y="{legend_y - 9}" width="10" height="10" fill="{PENDING_COLOUR}"/>',
        f'<text x="{left + 104}" y="{legend_y}" fill="#333">{escape(_("Pending"))}</text>',
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
