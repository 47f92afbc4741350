from django import template

from agreements.selectors import current_agreement

register = template.Library()


@register.simple_tag
def agreement_of(enrollment):
    """The enrollment's current agreement with its signatures (AgreementStatus), or None."""
    return current_agreement(enrollment)
