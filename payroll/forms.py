"""The upload form and the column mapping form, its choices built from the file's header row and the
employer's Job Book."""

from django import forms
from django.utils.translation import gettext_lazy as _

from imt.forms import CrispyMixin
from payroll.files import MAX_FILE_BYTES
from payroll.models import DateFormat, HoursMapping


class UploadForm(CrispyMixin, forms.Form):
    file = forms.FileField(
        label=_("Payroll or time-clock file"),
        help_text=_("CSV or XLSX, up to 2 MB: one row per apprentice and day, the first row naming the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("This file is over 2 MB. Split it into smaller files (a month at a time, say)."))
        return upload


class MappingForm(CrispyMixin, forms.Form):
    apprentice_column = forms.ChoiceField(label=_("Apprentice column"))
    match_by = forms.ChoiceField(label=_("That column holds the apprentice's"), choices=HoursMapping.MatchBy.choices,
                                 widget=forms.RadioSelect, initial=HoursMapping.MatchBy.EMAIL)
    date_column = forms.ChoiceField(label=_("Date column"))
    date_format = forms.ChoiceField(label=_("Dates are written"), choices=DateFormat.choices, initial=DateFormat.US,
                                    help_text=_("Cells a spreadsheet stores as dates are read as dates whatever "
                                                "this says."))
    hours_column = forms.ChoiceField(label=_("Hours column"), help_text=_("Decimal hours: 8, 7.5, 7.75."))
    competency_column = forms.ChoiceField(
        label=_("Competency column"), required=False,
        help_text=_("A column holding the competency's name as in your Job Book. Leave empty to book every row on "
                    "the default competency."))
    default_competency_key = forms.ChoiceField(label=_("Default competency"), required=False,
                                               help_text=_("Used when there is no competency column."))
    note_column = forms.ChoiceField(label=_("Note column"), required=False,
                                    help_text=_("Optional: a remark the mentor sees with the hours."))

    def __init__(self, *args, headers=(), competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        columns = [(header, header) for header in headers]
        none = [("", _("— none —"))]
        for name in ("apprentice_column", "date_column", "hours_column"):
            self.fields[name].choices = [("", _("— choose —")), *columns]
        for name in ("competency_column", "note_column"):
            self.fields[name].choices = [*none, *columns]
        self.fields["default_competency_key"].choices = [*none, *((c.key, c.name) for c in competencies)]
        guesses = {"apprentice_column": ("e-mail", "email", "mail", "employee"), "date_column": ("date", "day"),
                   "hours_column": ("hours", "hrs"), "competency_column": ("competency", "work process"),
                   "note_column": ("note", "comment", "remark")}
        for name, words in guesses.items():
            if name not in self.initial:
                found = next((h for h in headers if any(word in h.casefold() for word in words)), None)
                if found:
                    self.initial[name] = found
