from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value):
    """1234.50 → "1,234.5"; 8.00 → "8" (hours as people write them)."""
    if value in (None, ""):
        return ""
    text = f"{Decimal(value):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def pct(value):
    """A percentage for a CSS width, with a dot whatever the language: 12.345 → "12.3"."""
    try:
        return f"{max(0.0, min(100.0, float(value or 0))):.1f}"
    except (TypeError, ValueError):
        return "0"
