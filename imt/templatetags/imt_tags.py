from django import template

from imt.text import format_hours

register = template.Library()


@register.filter
def can(membership, permission):
    """{% if membership|can:"members.manage" %} — the template side of membership.can()."""
    return bool(membership) and membership.can(permission)


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters changed, for pagination and filter links."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def hours(value):
    """{{ entry.hours|hours }}: 1234.50 → "1,234.5", 8.00 → "8" (imt.text.format_hours)."""
    return format_hours(value)
