"""The roster import pages: upload (with the template and what each column means), the preview with
its progress while rows are checked or imported, and the confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from imports import selectors, services
from imports.checking import ROW
from imports.columns import COLUMNS
from imports.forms import RosterUploadForm
from imports.reading import FORMATS, MAX_ROWS, template_file
from imt.pages import apply_validation_error, paginate

PREVIEW_PAGE_SIZE = 50
TABS = [
    ("all", gettext_lazy("All rows")), ("create", gettext_lazy("To create")), ("update", gettext_lazy("To update")),
    ("unchanged", gettext_lazy("Unchanged")), ("refused", gettext_lazy("Refused")), ("failed", gettext_lazy("Failed")),
]


def upload(request, sponsor_slug):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            roster_import, created = services.roster_import_upload(
                membership=request.membership, name=form.cleaned_data["file"].name, content=form.content)
        except ValidationError as error:
            apply_validation_error(form, ValidationError({"file": error.messages}))
        else:
            if not created:
                messages.info(request, _("This file was uploaded on %(date)s; here is that import. Importing it "
                                         "again would create nothing new.")
                              % {"date": date_format(timezone.localtime(roster_import.created_at), "DATETIME_FORMAT")})
            return redirect("roster_import", sponsor_slug=sponsor_slug, roster_import_pk=roster_import.pk)
    return render(request, "imports/upload.html", {
        "form": form, "columns": COLUMNS, "max_rows": MAX_ROWS,
        "imports": selectors.recent_imports(request.membership),
        "names": selectors.names_to_type(request.membership),
    })


def _template(kind):
    def download(request, sponsor_slug):
        names = selectors.names_to_type(request.membership)
        examples = {"employer": names["employer"].name if names["employer"] else "",
                    "mentor": names["mentors"][0] if names["mentors"] else ""}
        if names["programs"]:
            examples["program"] = names["programs"][0]
        response = HttpResponse(template_file(kind, examples), content_type=FORMATS[kind])
        response["Content-Disposition"] = f'attachment; filename="roster-template.{kind}"'
        return response

    download.__name__ = f"template_{kind}"
    return download


template_csv = _template("csv")
template_xlsx = _template("xlsx")


def preview(request, sponsor_slug, roster_import):
    show = request.GET.get("show", "all")
    if show not in selectors.ROW_FILTERS:
        show = "all"
    page = paginate(request, selectors.rows_of(roster_import, show=show), per_page=PREVIEW_PAGE_SIZE)
    # The columns this page's rows fill or have errors in (the required ones always), each cell with its errors.
    shown = [c for c in COLUMNS if c.required or any(r.values.get(c.key) or c.key in r.errors for r in page)]
    rows = [
        {"row": r, "row_errors": r.errors.get(ROW, []),
         "cells": [(r.values.get(c.key, ""), r.errors.get(c.key, [])) for c in shown],
         # Every column's errors again, for a phone, where the columns scroll off the screen.
         "column_errors": [(c.label, e) for c in COLUMNS for e in r.errors.get(c.key, [])]}
        for r in page
    ]
    return render(request, "imports/preview.html", {
        "roster_import": roster_import, "page": page, "rows": rows, "show": show, "shown_columns": shown,
        "tabs": [(key, label) for key, label in TABS if key != "failed" or roster_import.failed],
    })


def progress(request, sponsor_slug, roster_import):
    """The progress bar, polled by htmx while rows are checked or imported; once they are done, the
    page reloads to show the table."""
    response = render(request, "imports/partials/progress.html", {"roster_import": roster_import})
    if not roster_import.is_working:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def confirm(request, sponsor_slug, roster_import):
    services.roster_import_confirm(membership=request.membership, roster_import=roster_import)
    # The page says what happened (imported, or the progress of a large file).
    return redirect("roster_import", sponsor_slug=sponsor_slug, roster_import_pk=roster_import.pk)
