
from django import template

from imt.text import format_hours

register = template.Library()


# Hours as people write them ("1,234.5"), the same filter as imt_tags' for the templates that load only this library.
register.filter("hours", format_hours)


@register.filter
def pct(value):
    """A percentage for a CSS width, with a dot whatever the language: 12.345 → "12.3"."""
    try:
        return f"{max(0.0, min(100.0, float(value or 0))):.1f}"
    except (TypeError, ValueError):
        return "0"
