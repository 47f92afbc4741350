from django import forms
from django.utils.translation import gettext_lazy as _

from imt.forms import CrispyMixin, DateInput


class SinceForm(CrispyMixin, forms.Form):
    since = forms.DateField(label=_("Changes effective since"), widget=DateInput(), required=False)
