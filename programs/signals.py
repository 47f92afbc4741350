from allauth.account.signals import user_signed_up
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django_scopes import scope

from programs import selectors, services


@receiver(user_signed_up)
def accept_invitation_on_signup(request, user, **kwargs):
    """Someone who signed up from an invitation link becomes a member straight away."""
    if request is None:
        return
    invitation = selectors.pending_invitation(request)
    if invitation is None:
        return
    try:
        with scope(sponsor=invitation.sponsor):
            services.invitation_accept(invitation=invitation, user=user)
    except ValidationError:
        return  # the invitation page explains what is wrong when they open it again
    selectors.forget_invitation(request)
