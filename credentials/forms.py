from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from credentials.models import CredentialType
from imt.evidence import ACCEPT, EMPTY_FILE
from imt.forms import CrispyMixin, DateInput
from programs.models import Membership
from rti.models import Course


class CredentialTypeForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = CredentialType
        fields = ["name", "issuer", "validity_months", "group"]

    def __init__(self, *args, sponsor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sponsor = sponsor

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = CredentialType.objects.filter(sponsor=self.instance.sponsor, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(_("There is already a credential named “%(name)s”.") % {"name": name})
        return name

    def clean_validity_months(self):
        months = self.cleaned_data.get("validity_months")
        if months is not None and not 1 <= months <= 240:
            raise forms.ValidationError(_("Enter between 1 and 240 months, or leave it empty."))
        return months


def validity_text(months):
    if not months:
        return _("does not expire")
    if months % 12 == 0:
        return _("valid %(n)d years") % {"n": months // 12} if months > 12 else _("valid 1 year")
    return _("valid %(n)d months") % {"n": months}


def type_label(credential_type):
    return f"{credential_type.name} ({validity_text(credential_type.validity_months)})"


class CredentialForm(CrispyMixin, forms.Form):
    """Record or correct an earned credential; the rules and the file check are in credentials.services."""

    apprentice: forms.ModelChoiceField[Membership] = forms.ModelChoiceField(
        label=_("Apprentice"), queryset=Membership.objects.none()
    )
    credential_type: forms.ModelChoiceField[CredentialType] = forms.ModelChoiceField(
        label=_("Credential"), queryset=CredentialType.objects.none()
    )
    earned_on = forms.DateField(label=_("Date earned"), widget=DateInput())
    number = forms.CharField(label=_("Certificate number"), max_length=80, required=False)
    expires_on = forms.DateField(
        label=_("Expires"), required=False, widget=DateInput(),
        help_text=_("Leave empty to compute it from the credential's validity period."),
    )
    evidence = forms.FileField(
        label=_("Evidence"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": EMPTY_FILE},
        help_text=_("The certificate or card: PDF, JPEG or PNG, up to 10 MB."),
    )

    def __init__(self, *args, sponsor, apprentices, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["apprentice"].queryset = apprentices.select_related("user")
        self.fields["apprentice"].label_from_instance = lambda m: m.user.get_full_name()
        if editing or apprentices.count() == 1:
            self.fields["apprentice"].widget = forms.HiddenInput()
            if not editing:
                self.fields["apprentice"].initial = apprentices.first()
        self.fields["credential_type"].queryset = CredentialType.objects.filter(
            sponsor=sponsor, retired_at__isnull=True
        )
        self.fields["credential_type"].label_from_instance = type_label
        if editing:
            self.fields["evidence"].help_text = _("Choose a file only to replace the current evidence.")


class RequirementsForm(forms.Form):
    courses: forms.ModelMultipleChoiceField[Course] = forms.ModelMultipleChoiceField(
        label=_("Required RTI courses"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    credential_types: forms.ModelMultipleChoiceField[CredentialType] = forms.ModelMultipleChoiceField(
        label=_("Required credentials"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, courses, credential_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = courses
        self.fields["credential_types"].queryset = credential_types
