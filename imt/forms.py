from django import forms
from django.utils.translation import gettext_lazy as _


class SignupNameForm(forms.Form):
    """Extra sign-up field: the full name printed on the user's signatures."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150,
        help_text=_("As it should appear on your signatures."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
