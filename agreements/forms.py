from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Party
from imt.forms import CrispyMixin
from imt.reauth import PasswordConfirmationMixin


class SignAgreementForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    """Sign the current agreement as one party (the one the member may sign as), with the password."""

    party = forms.ChoiceField(choices=Party.choices, widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("I have read this agreement and agree to its terms."),
        error_messages={"required": _("Tick the box to say you agree to the terms.")},
    )
