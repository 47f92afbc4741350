from django import forms
from django.utils.translation import gettext_lazy as _

from imt.permissions import Role
from notifications.kinds import Delivery


class PreferencesForm(forms.Form):
    """A radio per kind the member's role receives (e-mail at once, daily digest, in the app only); the kinds
    the sponsor makes mandatory are shown locked and are not sent."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            name = f"kind-{row.kind.code}"
            self.fields[name] = forms.ChoiceField(
                label=row.kind.label, choices=Delivery.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}), initial=row.delivery,
                disabled=row.mandatory, help_text=row.kind.description,
                required=False,  # a kind the form did not send keeps the person's current choice
            )
            self.rows.append((row, self[name]))

    def choices(self):
        """The deliveries chosen, by kind code (the locked kinds left out)."""
        return {
            name.removeprefix("kind-"): value for name, value in self.cleaned_data.items()
            if value and not self.fields[name].disabled
        }


class PolicyForm(forms.Form):
    """The kinds the sponsor makes mandatory, among those that may be."""

    mandatory = forms.MultipleChoiceField(
        label=_("Mandatory notifications"), required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["mandatory"].choices = [(spec.code, spec.label) for spec in self.candidates]

    @property
    def rows(self):
        """Each kind with its checkbox and the roles that receive it, for the page."""
        return [
            (spec, choice, ", ".join(str(role.label) for role in Role if role in spec.roles))
            for spec, choice in zip(self.candidates, self["mandatory"], strict=True)
        ]
