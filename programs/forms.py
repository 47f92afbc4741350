from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from imt.forms import CrispyMixin
from imt.permissions import EMPLOYER_ROLES, Role
from programs.models import Employer, Membership, Program, Sponsor, WageStep
from programs.services import logo_png, wage_step_problems

US_STATE_HELP = _("Two-letter abbreviation, e.g. PA.")
MAX_LOGO_BYTES = 2 * 1024 * 1024


def clean_state(value):
    value = (value or "").strip().upper()
    if value and (len(value) != 2 or not value.isalpha()):
        raise ValidationError(US_STATE_HELP)
    return value


class SponsorProfileForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Sponsor
        fields = [
            "name", "logo", "registration_agency", "rapids_sponsor_number",
            "address_line", "city", "state", "postal_code", "phone", "mfa_required_for",
            "reminder_no_hours_days", "reminder_queue_days",
        ]
        help_texts = {"state": US_STATE_HELP}
        widgets = {"mfa_required_for": forms.RadioSelect}

    REMINDER_DAYS = ("reminder_no_hours_days", "reminder_queue_days")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form posted without the rule (a script, an older page) leaves it as it is.
        self.fields["mfa_required_for"].required = False
        for name in self.REMINDER_DAYS:  # #16: a day at least, a quarter of a year at most
            field = self.fields[name]
            field.required = False
            field.min_value, field.max_value = 1, 90
            message = _("Enter a number of days from 1 to 90.")
            field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)]
            field.validators += [MinValueValidator(1, message), MaxValueValidator(90, message)]
            field.widget.attrs.update({"min": 1, "max": 90})

    def clean_reminder_no_hours_days(self):
        return self._reminder_days("reminder_no_hours_days")

    def clean_reminder_queue_days(self):
        return self._reminder_days("reminder_queue_days")

    def _reminder_days(self, name):
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value is None else value

    def clean_state(self):
        return clean_state(self.cleaned_data.get("state"))

    def clean_mfa_required_for(self):
        return self.cleaned_data.get("mfa_required_for") or self.instance.mfa_required_for

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > MAX_LOGO_BYTES:
            raise ValidationError(_("The logo must be 2 MB or smaller."))
        if isinstance(logo, UploadedFile):
            try:
                return logo_png(logo)  # checked here too, to show the problem next to the field
            except ValidationError as error:
                raise ValidationError(error.message_dict["logo"]) from None
        return logo


class EmployerForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Employer
        fields = [
            "name", "address_line", "city", "state", "postal_code",
            "contact_name", "contact_email", "contact_phone",
        ]
        help_texts = {"state": US_STATE_HELP}

    def __init__(self, *args, sponsor, **kwargs):
        self.sponsor = sponsor
        super().__init__(*args, **kwargs)

    def clean_state(self):
        return clean_state(self.cleaned_data.get("state"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Employer.objects.filter(sponsor=self.sponsor, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("This sponsor already has an employer named “%(name)s”.") % {"name": name})
        return name


class RoleEmployerFormMixin:
    """Shared validation of a role with the employer it needs (or must not have)."""

    def _setup_employer_field(self, sponsor):
        self.fields["employer"].queryset = Employer.objects.filter(sponsor=sponsor, archived_at__isnull=True)
        self.fields["employer"].required = False
        self.fields["employer"].help_text = _("Required for employer admins, mentors and apprentices.")

    def clean(self):
        cleaned = super().clean()
        role, employer = cleaned.get("role"), cleaned.get("employer")
        if role in EMPLOYER_ROLES and employer is None:
            self.add_error("employer", _("Choose the employer for this role."))
        if role and role not in EMPLOYER_ROLES and employer is not None:
            self.add_error("employer", _("This role belongs to the sponsor, not to an employer; leave it empty."))
        return cleaned


class InvitationForm(RoleEmployerFormMixin, CrispyMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    employer: "forms.ModelChoiceField[Employer]" = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.none()
    )

    def __init__(self, *args, sponsor, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_employer_field(sponsor)


class MembershipRoleForm(RoleEmployerFormMixin, CrispyMixin, forms.ModelForm):
    employer: "forms.ModelChoiceField[Employer]" = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.none()
    )

    class Meta:
        model = Membership
        fields = ["role", "employer"]

    def __init__(self, *args, sponsor, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_employer_field(sponsor)


class ProgramForm(CrispyMixin, forms.ModelForm):
    """A program's standards; the limits themselves are in Program.clean, shown next to each field."""

    class Meta:
        model = Program
        fields = [
            "name", "occupation", "onet_code", "rapids_code", "approach", "term_months",
            "ojt_hours_required", "rti_hours_required", "probation_months",
            "ratio_apprentices", "ratio_journeyworkers", "journeyworker_wage", "is_active",
        ]
        help_texts = {
            "ojt_hours_required": _("The IMT standard is 2,736; a program may require up to 3,000."),
            "probation_months": _("At most 25% of the term and at most one year."),
            "ratio_apprentices": _("Apprentices per the number of journeyworkers below."),
            "approach": _("Hybrid: minimum hours per competency plus every skill signed off."),
        }

    def __init__(self, *args, sponsor, **kwargs):
        self.sponsor = sponsor
        super().__init__(*args, **kwargs)
        self.instance.sponsor = sponsor

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Program.objects.filter(sponsor=self.sponsor, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("This sponsor already has a program named “%(name)s”.") % {"name": name})
        return name


class WageStepForm(forms.Form):
    basis = forms.ChoiceField(label=_("When"), choices=WageStep.Basis.choices)
    threshold = forms.IntegerField(label=_("After"), min_value=0)
    kind = forms.ChoiceField(label=_("Wage as"), choices=WageStep.Kind.choices)
    amount = forms.DecimalField(label=_("Wage"), max_digits=7, decimal_places=2, min_value=0)

    def has_changed(self):
        # A row is blank until it has a threshold or a wage; its preselected choices alone do not count.
        return any(self[name].value() not in (None, "") for name in ("threshold", "amount"))


class BaseWageStepFormSet(forms.BaseFormSet):
    """The wage schedule, in order; each step must come later and pay more than the one before."""

    def __init__(self, *args, program_form=None, **kwargs):
        self.program_form = program_form
        super().__init__(*args, **kwargs)

    def _live_forms(self):
        return [
            form for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed()) and not self._should_delete_form(form)
        ]

    def steps(self):
        return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in self._live_forms()]

    def clean(self):
        if any(self.errors):
            return
        live = self._live_forms()
        program = self.program_form.cleaned_data if self.program_form is not None else {}
        for index, field, message in wage_step_problems(
            [f.cleaned_data for f in live],
            term_months=program.get("term_months"), ojt_hours=program.get("ojt_hours_required"),
        ):
            live[index].add_error(field, message)
        if not live:
            raise ValidationError(_("Enter at least one wage step (the starting wage)."))


WageStepFormSet = forms.formset_factory(
    WageStepForm, formset=BaseWageStepFormSet, extra=2, can_delete=True, max_num=20, validate_max=True
)


class StandardsPublishForm(CrispyMixin, forms.Form):
    """Publish the draft as the next version: what changed, and a confirmation that it is final."""

    note = forms.CharField(
        label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("Kept with the version, for the registration agency and the apprentices."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that a published version never changes, and that apprentices already enrolled "
                "stay on their version until I move them."),
    )
