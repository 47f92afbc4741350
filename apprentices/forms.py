"""Forms of the apprentices' pages.  They only shape input: every rule is checked by the services,
whose ValidationErrors the views put next to the fields (`imt.pages.apply_validation_error`).
Each form receives what it chooses from (an enrollment, the sponsor) and builds its querysets from it."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apprentices.models import AdvancedStanding, Demographics, Enrollment, SignOffLevel
from apprentices.models.status_reasons import REASONS_FOR_STATUS
from apprentices.services import ALLOWED_TRANSITIONS
from imt.evidence import ACCEPT
from imt.forms import CrispyMixin, DateInput
from imt.permissions import Role
from imt.reauth import OverrideMixin, PasswordConfirmationMixin
from imt.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH
from jobbook.models import Competency, JobBookVersion, Skill
from programs.models import Employer, Membership, Program


def hours_input(**attrs):
    return forms.NumberInput(attrs={
        "step": "0.25", "min": "0.25", "max": "24", "inputmode": "decimal", "autocomplete": "off", **attrs,
    })


def mentors_of(sponsor, employer=None):
    mentors = Membership.objects.filter(sponsor=sponsor, role=Role.MENTOR, is_active=True).select_related(
        "user", "employer"
    )
    return mentors.filter(employer=employer) if employer is not None else mentors


class MentorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.get_full_name()} ({obj.employer.name})" if obj.employer_id else obj.user.get_full_name()


class MentorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return MentorChoiceField.label_from_instance(self, obj)


class VersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.job_book.employer.name} — {obj.job_book.name} v{obj.number}"


def with_choices_read(form):
    """`form`, with the options of its model choice fields read now (one query each), so that the
    template rendering it runs none.  Validation still checks each choice against the queryset."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.choices = list(iter(field.choices))  # iter(): list() would ask its len(), a COUNT query
    return form


def published_versions(sponsor, employer=None):
    versions = JobBookVersion.objects.filter(
        sponsor=sponsor, status=JobBookVersion.Status.PUBLISHED
    ).select_related("job_book__employer")
    if employer is not None:
        versions = versions.filter(job_book__employer=employer)
    return versions.order_by("job_book__employer__name", "job_book__name")


# --- OJT hours -------------------------------------------------------------------


class HoursForm(CrispyMixin, forms.Form):
    """One day's hours against one competency.  Fields are optional here so that the service's
    messages ("Enter the date you worked.", "Choose a competency.") are the ones shown."""

    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    competency: forms.ModelChoiceField[Competency] = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.none(), required=False)
    hours = forms.CharField(label=_("Hours"), required=False, widget=hours_input())
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Optional: what you worked on."))

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollment = enrollment
        self.fields["competency"].queryset = Competency.objects.filter(
            version=enrollment.job_book_version_id
        ).order_by("position", "pk")
        self.fields["competency"].empty_label = _("Choose a competency")

    def entry_values(self):
        data = self.cleaned_data
        return {"date": data["date"], "competency": data["competency"], "hours": data["hours"], "note": data["note"]}


class CorrectionForm(HoursForm):
    reason = forms.CharField(label=_("What was wrong"), required=False, max_length=NOTE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Your mentor sees this with the corrected hours."))


class TimesheetForm(forms.Form):
    """A week of hours: one cell per competency and day, named `h-<competency pk>-<ISO date>`."""

    def __init__(self, *args, competencies, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies, self.days = competencies, days
        for competency in competencies:
            for day in days:
                self.fields[self.cell_name(competency, day)] = forms.CharField(
                    required=False, label=f"{competency.name}, {day:%a %b %d}",
                    widget=hours_input(**{"class": "form-control form-control-sm text-end"}),
                )

    @staticmethod
    def cell_name(competency, day):
        return f"h-{competency.pk}-{day.isoformat()}"

    def filled_cells(self):
        """[(field name, competency, day, typed hours)] of the non-empty cells."""
        cells = []
        for competency in self.competencies:
            for day in self.days:
                name = self.cell_name(competency, day)
                value = (self.cleaned_data.get(name) or "").strip()
                if value:
                    cells.append((name, competency, day, value))
        return cells


# --- The mentor's queue ------------------------------------------------------------


class QueueDecisionForm(forms.Form):
    """Approve the selected entries, or reject them with a reason."""

    entries = forms.TypedMultipleChoiceField(coerce=int, required=False)
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason for rejecting"), required=False, max_length=NOTE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, entry_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(pk, pk) for pk in entry_ids]
        self.fields["entries"].error_messages["invalid_choice"] = _(
            "One of the entries was decided meanwhile; the queue was refreshed."
        )

    def clean_entries(self):
        entries = self.cleaned_data["entries"]
        if not entries:
            raise forms.ValidationError(_("Select at least one entry."))
        return entries


class SignOffForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    skill: forms.ModelChoiceField[Skill] = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.none())
    level = forms.TypedChoiceField(label=_("Level"), choices=SignOffLevel.choices, coerce=int,
                                   initial=SignOffLevel.PROFICIENT)
    observed_on = forms.DateField(label=_("Date observed"), widget=DateInput(), required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=NOTE_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, enrollment, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("observed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(
            competency__version=enrollment.job_book_version_id
        ).select_related("competency").order_by("competency__position", "position", "pk")
        self.fields["skill"].label_from_instance = lambda s: f"{s.competency.name} — {s.name}"
        # The password field comes last, after what is being signed.
        if "password" in self.fields:
            self.fields["password"] = self.fields.pop("password")


class RevocationForm(PasswordConfirmationMixin, CrispyMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=NOTE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Kept in the apprentice's record with your signature."))


class SignOffRequestForm(CrispyMixin, forms.Form):
    skill: forms.ModelChoiceField[Skill] = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.none())
    note = forms.CharField(label=_("Note for your mentor"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(
            competency__version=enrollment.job_book_version_id
        ).select_related("competency").order_by("competency__position", "position", "pk")
        self.fields["skill"].label_from_instance = lambda s: f"{s.competency.name} — {s.name}"


# --- Enrollment and its lifecycle --------------------------------------------------------


class EnrollmentForm(OverrideMixin, CrispyMixin, forms.Form):
    full_name = forms.CharField(label=_("Apprentice's name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Apprentice's e-mail address"), required=False,
                             help_text=_("They receive an invitation to sign in."))
    program: forms.ModelChoiceField[Program] = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none())
    job_book_version = VersionField(label=_("Job Book"), queryset=JobBookVersion.objects.none(),
                                    help_text=_("The current published version of the employer's Job Book."))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput(), required=False)
    mentors = MentorChoiceField(label=_("Mentors"), queryset=Membership.objects.none(), required=False,
                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, sponsor, employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(sponsor=sponsor, is_active=True)
        self.fields["job_book_version"].queryset = published_versions(sponsor, employer)
        self.fields["mentors"].queryset = mentors_of(sponsor, employer)
        for name in ("program", "job_book_version"):
            queryset = self.fields[name].queryset
            if len(queryset) == 1:
                self.fields[name].initial = queryset[0].pk


class DatedChangeForm(CrispyMixin, forms.Form):
    """A change to an enrollment that takes effect on a date (today unless told) for a reason the record keeps;
    those two fields come after the subclass's own."""

    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=NOTE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("effective_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name not in ("effective_date", "reason")])


class StatusChangeForm(PasswordConfirmationMixin, DatedChangeForm):
    """A signed status change: the agency's reason code (required for a cancellation) with the reason."""

    to_status = forms.ChoiceField(label=_("New status"), choices=Enrollment.Status.choices)
    reason_code = forms.ChoiceField(label=_("Reason code for the agency"), required=False,
                                    help_text=_("Required for a cancellation; optional for a suspension."))

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the changes that can be made by hand (completion comes from the sponsor's review).
        possible = ALLOWED_TRANSITIONS[Enrollment.Status(enrollment.status)]
        self.fields["to_status"].choices = [(v, label) for v, label in Enrollment.Status.choices if v in possible]
        self.fields["reason_code"].choices = [("", _("None"))] + [
            (str(Enrollment.Status(status).label), list(choices.choices))
            for status, choices in REASONS_FOR_STATUS.items() if status in possible
        ]
        self.order_fields(["to_status", "reason_code", "effective_date", "reason", "password"])


class TransferForm(PasswordConfirmationMixin, OverrideMixin, DatedChangeForm):
    employer: forms.ModelChoiceField[Employer] = forms.ModelChoiceField(
        label=_("New employer"), queryset=Employer.objects.none())
    mentors = MentorChoiceField(label=_("Mentors at the new employer"), queryset=Membership.objects.none(),
                                required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(
            sponsor=enrollment.sponsor_id, archived_at__isnull=True
        ).exclude(pk=enrollment.employer_id)
        self.fields["mentors"].queryset = mentors_of(enrollment.sponsor_id).exclude(employer=enrollment.employer_id)


class VersionMoveForm(CrispyMixin, forms.Form):
    version = VersionField(label=_("Job Book version"), queryset=JobBookVersion.objects.none())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=NOTE_MAX_LENGTH)

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = published_versions(enrollment.sponsor_id, enrollment.employer_id).filter(
            job_book__program=enrollment.program_id
        ).exclude(pk=enrollment.job_book_version_id)


class StartDateForm(CrispyMixin, forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=NOTE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))


class MentorAssignForm(OverrideMixin, CrispyMixin, forms.Form):
    mentor = MentorField(label=_("Mentor"), queryset=Membership.objects.none())

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors_of(enrollment.sponsor_id, enrollment.employer_id)


# --- Demographics ---------------------------------------------------------------------


class DemographicsForm(CrispyMixin, forms.ModelForm):
    """Every question is voluntary and offers "Prefer not to say"; there is no social security number."""

    races = forms.MultipleChoiceField(label=_("Race (one or more)"), choices=Demographics.Race.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Demographics
        fields = ["date_of_birth", "date_of_birth_declined", "sex", "races", "ethnicity", "veteran_status",
                  "education_level", "disability", "employment_status",
                  "address_line", "city", "state", "postal_code", "phone"]
        widgets = {"date_of_birth": DateInput()}
        labels = {"date_of_birth_declined": _("Prefer not to say my date of birth")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField):
                field.choices = [("", _("Not answered"))] + [c for c in field.choices if c[0]]

    def answers(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# --- Advanced standing --------------------------------------------------------------


class AdvancedStandingForm(CrispyMixin, forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=AdvancedStanding.Basis.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("The prior experience, course or credential, with dates."))
    evidence = forms.FileField(label=_("Evidence"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                               help_text=_("A PDF, JPEG or PNG of at most 10 MB."))
    skills: forms.ModelMultipleChoiceField[Skill] = forms.ModelMultipleChoiceField(
        label=_("Skills to credit"), queryset=Skill.objects.none(),
                                            required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(
            Competency.objects.filter(version=enrollment.job_book_version_id).order_by("position", "pk")
        )
        for competency in self.competencies:
            self.fields[f"hours-{competency.pk}"] = forms.CharField(
                label=competency.name, required=False,
                widget=hours_input(max=str(competency.target_hours)),
                help_text=_("Target %(target)s h") % {"target": competency.target_hours},
            )
        self.fields["skills"].queryset = Skill.objects.filter(
            competency__version=enrollment.job_book_version_id
        ).select_related("competency").order_by("competency__position", "position", "pk")
        self.fields["skills"].label_from_instance = lambda s: f"{s.competency.name} — {s.name}"

    def hour_fields(self):
        return [self[f"hours-{c.pk}"] for c in self.competencies]

    def credited_hours(self):
        return {c: self.cleaned_data.get(f"hours-{c.pk}") for c in self.competencies
                if (self.cleaned_data.get(f"hours-{c.pk}") or "").strip()}


class StandingDecisionForm(CrispyMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("approve", _("Approve the credit")), ("reject", _("Reject"))])
    decision_note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH,
                                    widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Required when rejecting."))


class RosterFilterForm(forms.Form):
    """The roster's filters, read from the query string."""

    q = forms.CharField(required=False, label=_("Name or e-mail"))
    status = forms.ChoiceField(required=False, label=_("Status"),
                               choices=[("", _("Any status"))] + list(Enrollment.Status.choices))
    mentor = MentorField(required=False, label=_("Mentor"), queryset=Membership.objects.none(),
                         empty_label=_("Any mentor"))
    employer: forms.ModelChoiceField[Employer] = forms.ModelChoiceField(
        required=False, label=_("Employer"), queryset=Employer.objects.none(),
                                      empty_label=_("All employers"))
    stale = forms.BooleanField(required=False, label=_("No hours for 14 days"))
    sort = forms.ChoiceField(required=False, label=_("Sort by"), choices=[
        ("name", _("Name")), ("-progress", _("Most progress")), ("progress", _("Least progress")),
        ("last_logged", _("Longest without hours")), ("-start", _("Newest")), ("start", _("Oldest")),
        ("status", _("Status")),
    ])

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        employer = membership.employer if membership.role == Role.EMPLOYER_ADMIN else None
        self.fields["mentor"].queryset = mentors_of(membership.sponsor_id, employer)
        if membership.is_sponsor_staff:
            self.fields["employer"].queryset = Employer.objects.filter(sponsor=membership.sponsor_id)
        else:
            del self.fields["employer"]
        if membership.role == Role.MENTOR:
            del self.fields["mentor"]
        for field in self.fields.values():
            widget = field.widget
            widget.attrs["class"] = {"select": "form-select", "checkbox": "form-check-input"}.get(
                getattr(widget, "input_type", ""), "form-control")
