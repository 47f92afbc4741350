"""The employer admin's hours import: upload a payroll file, map its columns (the first time), read the
preview of every row, confirm; sponsor staff read the imports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from imt.pages import apply_validation_error, paginate
from payroll import files, selectors, services
from payroll.forms import MappingForm, UploadForm
from payroll.models import HoursImport, HoursImportRow

ROWS_PER_PAGE = 100


def _next_page(sponsor_slug, hours_import):
    if hours_import.status == HoursImport.Status.MAPPING:
        return redirect("hours_import_mapping", sponsor_slug, hours_import.pk)
    return redirect("hours_import_detail", sponsor_slug, hours_import.pk)


def imports_page(request, sponsor_slug):
    """The upload form (employer admins) and the earlier imports, newest first."""
    can_import = request.membership.can("hours.import")
    form = UploadForm(request.POST or None, request.FILES or None) if can_import else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            hours_import = services.hours_import_upload(by=request.membership, upload=form.cleaned_data["file"])
        except ValidationError as error:
            apply_validation_error(form, ValidationError({"file": error.messages}))
        else:
            return _next_page(sponsor_slug, hours_import)
    page = paginate(request, selectors.imports_list(request.membership))
    page.object_list = list(page.object_list)  # read here, not while the template renders
    return render(request, "payroll/imports.html", {
        "form": form, "page": page,
        "mapping": selectors.mapping_for(request.membership), "can_import": can_import,
    })


def mapping_page(request, sponsor_slug, hours_import):
    """Which column holds what: filled from the saved mapping, its choices from the file's header row."""
    if not hours_import.is_open:
        messages.info(request, _("This file is already imported."))
        return redirect("hours_import_detail", sponsor_slug, hours_import.pk)
    mapping = services.mapping_of(hours_import)
    initial = {name: getattr(mapping, name) for name in services.MAPPING_FIELDS} if mapping else {}
    form = MappingForm(request.POST or None, initial=initial, headers=hours_import.headers,
                       competencies=selectors.employer_competencies(hours_import.employer_id))
    rows = [values for _number, values in files.read_sheet(bytes(hours_import.content), hours_import.file_format).rows]
    date_column = form.initial.get("date_column")
    if date_column:
        # The format that reads the file's first dates, unless the saved mapping reads them already.
        firsts = [values.get(date_column, "") for values in rows[:20]]
        saved = initial.get("date_format")
        if not saved or any(t.strip() and files.parse_date(t, saved) is None for t in firsts):
            form.initial["date_format"] = files.guess_date_format(firsts) or saved or form.initial.get("date_format")
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_mapping_save(by=request.membership, hours_import=hours_import, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The column mapping is saved; the next upload uses it."))
            return redirect("hours_import_detail", sponsor_slug, hours_import.pk)
    return render(request, "payroll/mapping.html", {"form": form, "hours_import": hours_import, "mapping": mapping,
                                                    "first_rows": [[v.get(h, "") for h in hours_import.headers]
                                                                   for v in rows[:3]]})


def import_page(request, sponsor_slug, hours_import):
    """The preview of every row (before confirming) or the result (after), filtered by outcome."""
    if hours_import.status == HoursImport.Status.MAPPING:
        return _next_page(sponsor_slug, hours_import)
    outcome = request.GET.get("outcome", "")
    if outcome not in HoursImportRow.Outcome.values:
        outcome = ""
    page = paginate(request, selectors.import_rows(hours_import, outcome), per_page=ROWS_PER_PAGE)
    page.object_list = list(page.object_list)  # read here, not while the template renders
    mapping = services.mapping_of(hours_import)
    for row in page.object_list:  # the competency as the file writes it, for rows matched to none
        row.competency_text = row.values.get(mapping.competency_column, "") if mapping else ""
    return render(request, "payroll/import.html", {
        "hours_import": hours_import, "outcome": outcome, "outcomes": HoursImportRow.Outcome, "page": page,
        "earlier": selectors.same_file_imported(hours_import),
        "can_import": request.membership.can("hours.import"),
    })


@require_POST
def confirm(request, sponsor_slug, hours_import):
    """Import the rows of the preview as pending entries (once, however often this is sent)."""
    was_imported = hours_import.status == HoursImport.Status.IMPORTED
    try:
        hours_import = services.hours_import_confirm(by=request.membership, hours_import=hours_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _next_page(sponsor_slug, hours_import)
    if was_imported:
        messages.info(request, _("This file was already imported; nothing was added."))
    else:
        messages.success(request, ngettext("%(n)s entry was logged; it waits for its mentor's approval.",
                                           "%(n)s entries were logged; they wait for the mentors' approval.",
                                           hours_import.rows_created) % {"n": hours_import.rows_created})
    return redirect("hours_import_detail", sponsor_slug, hours_import.pk)


def sample(request, sponsor_slug):
    """A CSV with the columns the employer's mapping reads and an example row."""
    response = HttpResponse(selectors.sample_csv(request.membership), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hours-import-sample.csv"'
    return response
