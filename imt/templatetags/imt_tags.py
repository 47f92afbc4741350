from django import template

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
