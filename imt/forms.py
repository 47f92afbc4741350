from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


class CrispyMixin:
    """Lays the form out with crispy, inside the <form> tag the template writes itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (YYYY-MM-DD), whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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
