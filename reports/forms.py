from django import forms
from django.utils.translation import gettext_lazy as _

from apprentices.models import Demographics
from imt.forms import CrispyMixin


class DisabilityForm(CrispyMixin, forms.Form):
    disability = forms.ChoiceField(
        label=_("Do you have a disability, or have you had one in the past?"), widget=forms.RadioSelect,
        choices=[
            (Demographics.Disability.YES, _("Yes, I have a disability (or had one in the past)")),
            (Demographics.Disability.NO, _("No, I do not have a disability and have not had one")),
            (Demographics.Disability.PREFER_NOT, _("I prefer not to answer")),
        ],
    )
