from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from imports.reading import MAX_BYTES


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("CSV (UTF-8) or Excel workbook (.xlsx), at most 10 MB and 10,000 rows, with the template's "
                    "header row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:  # refused before a byte of it is read
            raise forms.ValidationError(_("The file is %(size)s; a roster file may be at most %(limit)s.") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)})
        return upload

    @property
    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
