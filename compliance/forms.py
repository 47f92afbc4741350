"""Forms of the journeyworker roster and of a probation's outcome.  They shape input only; the services
check every rule."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apprentices.forms import mentors_of
from apprentices.models.status_reasons import CancellationReason
from compliance.models import ProbationOutcome
from imt.forms import CrispyMixin, DateInput
from imt.reauth import OverrideMixin, PasswordConfirmationMixin
from imt.text import NOTE_MAX_LENGTH
from programs.models import Membership


class JourneyworkerForm(OverrideMixin, CrispyMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False,
                           help_text=_("Leave empty for a mentor chosen below: their name is used."))
    worksite = forms.CharField(label=_("Worksite"), max_length=150, required=False,
                               help_text=_("Leave empty for the employer's main site."))
    membership: forms.ModelChoiceField[Membership] = forms.ModelChoiceField(
        label=_("Mentor who signs in"), queryset=Membership.objects.none(), required=False,
        help_text=_("Only to record that a mentor does not count for the ratio; mentors count by themselves."))
    counts = forms.BooleanField(label=_("Counts for the ratio"), required=False, initial=True)
    start_date = forms.DateField(label=_("From"), widget=DateInput(), required=False)

    def __init__(self, *args, employer, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("start_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = mentors_of(employer.sponsor_id, employer.pk)
        self.fields["membership"].label_from_instance = lambda m: m.user.get_full_name()


class EndJourneyworkerForm(OverrideMixin, CrispyMixin, forms.Form):
    pass


class ProbationOutcomeForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ProbationOutcome.Outcome.choices,
                                widget=forms.RadioSelect)
    new_end = forms.DateField(label=_("New end of probation (when extended)"), widget=DateInput(), required=False)
    effective_date = forms.DateField(label=_("Effective date (when passed or cancelled)"), widget=DateInput(),
                                     required=False)
    reason_code = forms.ChoiceField(
        label=_("Reason the agency will be told (when cancelled)"), required=False,
        choices=[("", "—"), *CancellationReason.choices],
    )
    reason = forms.CharField(label=_("Reason"), max_length=NOTE_MAX_LENGTH, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the apprentice's record with your signature."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("effective_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"] = self.fields.pop("password")
