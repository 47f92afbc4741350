from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from imt.forms import CrispyMixin
from programs.selectors import employers_of


class TokenForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What uses it, e.g. “Payroll sync” or “Time clock”."))
    scope = forms.ChoiceField(
        label=_("It may"), widget=forms.RadioSelect, initial=ApiToken.Scope.READ,
        choices=[(ApiToken.Scope.READ, _("Read apprentices, progress, hours, RTI and credentials")),
                 (ApiToken.Scope.WRITE, _("Read, and post hours (they wait for the mentor's approval)"))],
    )
    employer = forms.ModelChoiceField(
        label=_("Only for employer"), required=False, empty_label=_("Every employer"),
        queryset=ApiToken.objects.none(),
        help_text=_("A token for one employer answers only that employer's apprentices."),
    )

    def __init__(self, *args, sponsor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_of(sponsor)


class ConfirmForm(CrispyMixin, forms.Form):
    """No fields: the button is the confirmation."""
