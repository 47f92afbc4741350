from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from programs import selectors


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation only; the invitation link proves the e-mail address."""

    def is_open_for_signup(self, request):
        return selectors.pending_invitation(request) is not None

    def clean_email(self, email):
        email = super().clean_email(email)
        request = getattr(self, "request", None)
        invitation = selectors.pending_invitation(request) if request is not None else None
        if invitation is not None and invitation.email.lower() != email.lower():
            raise forms.ValidationError(
                _("Sign up with the address the invitation was sent to: %(email)s.") % {"email": invitation.email}
            )
        return email

    def is_email_verified(self, request, email):
        # The invitation link arrived at this address: no separate verification e-mail is needed.
        invitation = selectors.pending_invitation(request)
        if invitation is not None and invitation.email.lower() == email.lower():
            return True
        return super().is_email_verified(request, email)

    def get_login_redirect_url(self, request):
        invitation = selectors.pending_invitation(request)
        if invitation is not None:
            return reverse("invitation_accept", args=[invitation.token])
        return super().get_login_redirect_url(request)
