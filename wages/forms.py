from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imt.forms import CrispyMixin, DateInput
from imt.reauth import PasswordConfirmationMixin
from imt.text import NOTE_MAX_LENGTH


class RaiseDecisionForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    """Confirm a raise due from an effective date (signed: asks for the password when not confirmed
    lately), or say why it is not granted."""

    raise_due = forms.TypedChoiceField(label=_("Raise"), coerce=int, widget=forms.RadioSelect)
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect, initial="confirm",
        choices=[("confirm", _("Confirm the raise (your signature)")), ("decline", _("Do not grant it now"))],
    )
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput, required=False,
                                     help_text=_("The first day the apprentice is paid the new rate."))
    reason = forms.CharField(label=_("Why not"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=NOTE_MAX_LENGTH, help_text=_("Required when the raise is not granted."))

    def __init__(self, *args, raises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raise_due"].choices = [(row.raise_due.pk, row.label) for row in raises]
        self.fields["effective_date"].initial = timezone.localdate()
        if "password" in self.fields:
            self.fields["password"].required = False

    def clean_password(self):
        if self.data.get("decision") != "confirm":
            return ""
        if not self.data.get("password"):
            raise forms.ValidationError(_("Type your password to sign the confirmation."))
        return super().clean_password()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "confirm" and not cleaned.get("effective_date"):
            self.add_error("effective_date", _("Give the date from which the raise is paid."))
        if cleaned.get("decision") == "decline" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the raise is not granted; it is kept in the record."))
        return cleaned
