"""Password confirmation before a signature.

Signing a skill sign-off or a completion decision asks the signer to type their
password unless they confirmed it within SIGNATURE_REAUTH_SECONDS.  The time of
the last confirmation lives in the session, so it ends with the session.

Wrong passwords are counted per account, whatever the session or address: after
SIGNING_PASSWORD_ATTEMPTS of them in SIGNING_PASSWORD_LOCKOUT_SECONDS, the account
cannot sign until that time has passed, even with the right password, so that a
signing form cannot be used to guess it.  The count lives in the cache.
"""

import datetime
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imt.text import NOTE_MAX_LENGTH

SESSION_KEY = "imt_password_confirmed_at"
SIGNING_PASSWORD_ATTEMPTS = 5
SIGNING_PASSWORD_LOCKOUT_SECONDS = 15 * 60


def _failures_key(user):
    return f"imt:signing-password-failures:{user.pk}"


def signing_locked(user):
    return (cache.get(_failures_key(user)) or 0) >= SIGNING_PASSWORD_ATTEMPTS


def _count_failure(user):
    key = _failures_key(user)
    # The window starts at the first wrong password; add() keeps an existing count and its expiry.
    if not cache.add(key, 1, SIGNING_PASSWORD_LOCKOUT_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, SIGNING_PASSWORD_LOCKOUT_SECONDS)


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
        user = self.request.user
        if signing_locked(user):
            raise forms.ValidationError(
                _("Too many wrong passwords: signing is paused for your account for %(minutes)s minutes.")
                % {"minutes": SIGNING_PASSWORD_LOCKOUT_SECONDS // 60}
            )
        if not user.check_password(password):
            _count_failure(user)
            raise forms.ValidationError(_("That password is not right."))
        cache.delete(_failures_key(user))
        record_confirmation(self.request)
        self.confirmed_at = timezone.now()
        return ""


class _PasswordForm(PasswordConfirmationMixin, forms.Form):
    pass


class OverrideMixin:
    """A reason and a signature (the password, unless confirmed a moment ago) to go past a limit of the
    standards, such as the ratio where the program allows an override.  The fields appear once a service
    asks for them (`show_error` with an error on `override_reason`) and stay while the form is sent again;
    `override()` is what the service takes."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if self.is_bound and "override_reason" in self.data:
            self.add_override_fields()

    def add_override_fields(self):
        if "override_reason" in self.fields:
            return
        self.fields["override_reason"] = forms.CharField(
            label=_("Reason for the override"), required=False, max_length=NOTE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Kept with your signature on the compliance page."))
        if self.request is not None and password_confirmed_at(self.request) is None:
            self.fields["override_password"] = forms.CharField(
                label=_("Your password"), required=False, strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                help_text=_("Signing the override needs your password."))

    def override(self):
        reason = (self.cleaned_data.get("override_reason") or "").strip()
        if not reason or self.request is None:
            return None
        confirmed = password_confirmed_at(self.request)
        if confirmed is None and self.cleaned_data.get("override_password"):
            check = _PasswordForm({"password": self.cleaned_data["override_password"]}, request=self.request)
            confirmed = check.confirmed_at if check.is_valid() else None
        return {"reason": reason, "password_confirmed_at": confirmed}

    def show_error(self, error):
        """A service's ValidationError on the form; one about an override brings the override's fields."""
        from imt.pages import apply_validation_error

        if "override_reason" in getattr(error, "error_dict", {}):
            self.add_override_fields()
        apply_validation_error(self, error)

