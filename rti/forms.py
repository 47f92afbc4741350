from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imt.evidence import ACCEPT, EMPTY_FILE
from imt.forms import CrispyMixin, DateInput
from imt.permissions import Role
from imt.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH
from programs.forms import clean_state
from programs.models import Membership
from rti.models import Course, Grade, Provider, Section


class CourseForm(CrispyMixin, forms.ModelForm):
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Course
        fields = ["name", "hours", "description"]

    def __init__(self, *args, sponsor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sponsor = sponsor

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("Enter the course's hours, above zero."))
        return hours

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Course.objects.filter(sponsor=self.instance.sponsor, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The catalog already has a course named “%(name)s”.") % {"name": name})
        return name


class ProviderForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "kind", "city", "state", "contact_name", "contact_email", "contact_phone"]

    def __init__(self, *args, sponsor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sponsor = sponsor

    def clean_state(self):
        return clean_state(self.cleaned_data.get("state"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Provider.objects.filter(sponsor=self.instance.sponsor, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already a provider named “%(name)s”.") % {"name": name})
        return name


class SectionForm(CrispyMixin, forms.ModelForm):
    course: forms.ModelChoiceField[Course] = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    provider: forms.ModelChoiceField[Provider] = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none()
    )
    instructor: forms.ModelChoiceField[Membership] = forms.ModelChoiceField(
        label=_("Instructor"), queryset=Membership.objects.none()
    )

    class Meta:
        model = Section
        fields = ["course", "provider", "mode", "starts_on", "ends_on", "schedule", "instructor", "capacity"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, sponsor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sponsor = sponsor
        courses = Course.objects.filter(sponsor=sponsor)
        if not self.instance.pk:
            courses = courses.filter(retired_at__isnull=True)
        self.fields["course"].queryset = courses
        self.fields["provider"].queryset = Provider.objects.filter(sponsor=sponsor)
        self.fields["instructor"].queryset = Membership.objects.filter(
            sponsor=sponsor, role=Role.INSTRUCTOR, is_active=True
        ).select_related("user")
        self.fields["instructor"].label_from_instance = lambda m: m.user.get_full_name()
        self.fields["instructor"].help_text = _("A member with the instructor role.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The section cannot end before it starts."))
        capacity = cleaned.get("capacity")
        if capacity is not None and capacity < 1:
            self.add_error("capacity", _("A section has at least one seat."))
        elif capacity is not None and self.instance.pk:
            enrolled = self.instance.enrollments.count()
            if capacity < enrolled:
                self.add_error("capacity", _("%(n)d apprentices are already enrolled; the capacity cannot be lower.")
                               % {"n": enrolled})
        return cleaned


class EnrollForm(forms.Form):
    apprentices: forms.ModelMultipleChoiceField[Membership] = forms.ModelMultipleChoiceField(
        label=_("Apprentices"), queryset=Membership.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one apprentice to enroll.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["apprentices"].queryset = candidates
        self.fields["apprentices"].label_from_instance = (
            lambda m: f"{m.user.get_full_name()} — {m.employer.name if m.employer else ''}"
        )


class ResultRowForm(forms.Form):
    """One row of the results grid; the rules themselves are in rti.services.result_errors."""

    attended_hours = forms.DecimalField(
        label=_("Hours"), required=False, max_digits=6, decimal_places=1,
        widget=forms.NumberInput(
            attrs={"step": "0.5", "min": "0", "class": "form-control form-control-sm", "inputmode": "decimal"}
        ),
    )
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", "—"), *Grade.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    completed_on = forms.DateField(
        label=_("Completed on"), required=False,
        widget=DateInput(attrs={"class": "form-control form-control-sm"}),
    )
    hours_reason = forms.CharField(
        label=_("Note on the hours"), required=False, max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    reason = forms.CharField(
        label=_("Reason for a correction"), required=False, max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class CreditRequestForm(CrispyMixin, forms.Form):
    apprentice: forms.ModelChoiceField[Membership] = forms.ModelChoiceField(
        label=_("Apprentice"), queryset=Membership.objects.none()
    )
    course: forms.ModelChoiceField[Course] = forms.ModelChoiceField(
        label=_("Course to credit"), queryset=Course.objects.none()
    )
    institution = forms.CharField(label=_("Where it was taken"), max_length=200)
    taken_title = forms.CharField(label=_("Title of the course taken"), max_length=200)
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours of the course taken"), max_digits=6, decimal_places=1, min_value=0.5)
    basis = forms.CharField(
        label=_("Basis"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the course taken covers the catalog course."),
    )
    evidence = forms.FileField(
        label=_("Evidence"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": EMPTY_FILE},
        help_text=_("A transcript or certificate: PDF, JPEG or PNG, up to 10 MB."),
    )

    def __init__(self, *args, sponsor, apprentices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["apprentice"].queryset = apprentices.select_related("user")
        self.fields["apprentice"].label_from_instance = lambda m: m.user.get_full_name()
        if apprentices.count() == 1:
            self.fields["apprentice"].initial = apprentices.first()
            self.fields["apprentice"].widget = forms.HiddenInput()
        self.fields["course"].queryset = Course.objects.filter(sponsor=sponsor, retired_at__isnull=True)


class CreditDecisionForm(CrispyMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Credit the course")), ("reject", _("Do not credit"))],
    )
    credited_hours = forms.DecimalField(
        label=_("Hours credited"), required=False, max_digits=6, decimal_places=1,
        help_text=_("Up to the catalog course's hours; empty credits the lesser of the two."),
    )
    decision_note = forms.CharField(label=_("Note"), required=False, max_length=300,
                                    help_text=_("Required when the course is not credited."))

