"""Password confirmation before a signature.

Signing a skill sign-off or a completion decision asks the signer to type their
password unless they confirmed it within SIGNATURE_REAUTH_SECONDS.  The time of
the last confirmation lives in the session, so it ends with the session.
"""

import datetime
import time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "imt_password_confirmed_at"


def password_confirmed_at(request):
    """When the user last confirmed their password in this session, if recently enough to sign; else None."""
    stamp = request.session.get(SESSION_KEY)
    if stamp is None or time.time() - stamp > settings.SIGNATURE_REAUTH_SECONDS:
        return None
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)


def needs_password(request):
    return password_confirmed_at(request) is None


def record_confirmation(request):
    request.session[SESSION_KEY] = time.time()


class PasswordConfirmationMixin:
    """For a signing form: adds a password field when the signer has not confirmed recently.

    The form takes `request`; after `is_valid()`, `confirmed_at` is the time of the confirmation.
    """

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.confirmed_at = password_confirmed_at(request)
        if self.confirmed_at is None:
            self.fields["password"] = forms.CharField(
                label=_("Your password"), strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                help_text=_("Signing needs your password (asked at most every few minutes)."),
            )

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.request.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        record_confirmation(self.request)
        self.confirmed_at = timezone.now()
        return ""
