from django import forms
from django.utils.translation import gettext_lazy as _

from completion.models import Recommendation
from imt.forms import CrispyMixin
from imt.reauth import PasswordConfirmationMixin
from imt.text import NOTE_MAX_LENGTH


class RecommendForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    attest = forms.BooleanField(label=Recommendation.ATTESTATION, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attest"].error_messages["required"] = _("Tick the attestation to sign the recommendation.")


class DecisionForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Approve completion")), ("return", _("Return to the employer with comments"))],
    )
    comment = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=NOTE_MAX_LENGTH,
                              help_text=_("Required when returning: say what the employer needs to fix."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say what the employer needs to fix."))
        return cleaned


class StandardsMoveForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    """The signed move of the previewed enrollments to a later standards version."""

    enrollments = forms.MultipleChoiceField(widget=forms.MultipleHiddenInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX_LENGTH,
                             help_text=_("Kept with each apprentice's history and told to the registration agency."))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollments"].choices = choices
