from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imt.forms import CrispyMixin
from imt.text import DESCRIPTION_MAX_LENGTH
from jobbook import interchange, selectors
from jobbook.models import JobBook
from programs.models import Employer, Program

STANDARD = "standard"


class JobBookCreateForm(CrispyMixin, forms.Form):
    program: forms.ModelChoiceField[Program] = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none()
    )
    employer: forms.ModelChoiceField[Employer] = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.none()
    )
    source = forms.ChoiceField(label=_("Start from"))

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        sponsor = membership.sponsor
        self.fields["program"].queryset = Program.objects.filter(sponsor=sponsor, is_active=True)
        employers = Employer.objects.filter(sponsor=sponsor, archived_at__isnull=True)
        if membership.employer_id:
            employers = employers.filter(pk=membership.employer_id)
            self.fields["employer"].initial = membership.employer_id
            self.fields["employer"].widget = forms.HiddenInput()
        self.fields["employer"].queryset = employers
        books = JobBook.objects.filter(sponsor=sponsor, versions__status="published").select_related("employer")
        self.fields["source"].choices = [(STANDARD, _("The IMT standard Job Book (11 competencies, 2,736 h)"))] + [
            (str(book.pk), _("A copy of %(book)s") % {"book": book.name}) for book in books.order_by("name")
        ]
        self.sponsor = sponsor

    def source_version(self):
        source = self.cleaned_data["source"]
        if source == STANDARD:
            return None
        book = JobBook.objects.filter(sponsor=self.sponsor, pk=source).first()
        return selectors.published_version(book) if book else None


class CompetencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    target_hours = forms.IntegerField(label=_("Target hours"), min_value=0, max_value=3000)
    minimum_hours = forms.IntegerField(
        label=_("Minimum hours"), min_value=0, max_value=3000, required=False,
        help_text=_("Hybrid programs: hours required before completion."),
    )

    def clean(self):
        cleaned = super().clean()
        target, minimum = cleaned.get("target_hours"), cleaned.get("minimum_hours")
        if target is not None and minimum is not None and minimum > target:
            self.add_error("minimum_hours", _("The minimum cannot be more than the target hours."))
        return cleaned


class NewCompetencyForm(forms.Form):
    name = forms.CharField(label=_("New competency"), max_length=300)
    target_hours = forms.IntegerField(label=_("Target hours"), min_value=0, max_value=3000, initial=0)


class SkillForm(forms.Form):
    name = forms.CharField(label=_("Skill"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class ImportForm(CrispyMixin, forms.Form):
    file = forms.FileField(
        label=_("Job Book file"),
        help_text=_("A JSON or CSV file exported from a Job Book, at most 1 MB and 500 skills. "
                    "It replaces the draft's competencies and skills."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > interchange.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s KB; a Job Book file may be at most %(max)s KB.")
                % {"size": upload.size // 1024, "max": interchange.MAX_BYTES // 1024}
            )
        self.content = interchange.parse_book_file(upload.read(), upload.name)
        return upload
