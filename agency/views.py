"""The RAPIDS export page: a validation report first, then the CSV of the rows that pass (sponsor admin)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from agency import selectors, services
from agency.forms import SinceForm
from compliance.sections import enrollments_in_scope
from imt.pages import apply_validation_error


def _default_since(request):
    """The oldest change not yet sent, else the last 30 days."""
    unsent = selectors.unreported_changes(request.sponsor, enrollments_in_scope(request))
    return unsent[0].change.effective_date if unsent else timezone.localdate() - datetime.timedelta(days=30)


def rapids_export(request, sponsor_slug):
    """GET: the validation report for changes since a date.  POST (sponsor admin): the CSV, recorded."""
    data = request.POST if request.method == "POST" else (request.GET if "since" in request.GET else None)
    form = SinceForm(data, initial={"since": _default_since(request)})
    since = form.cleaned_data["since"] if form.is_valid() and form.cleaned_data["since"] else form.initial["since"]
    if request.method == "POST" and form.is_valid():
        try:
            export, _rows = services.agency_export(by=request.membership, since=form.cleaned_data["since"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            response = HttpResponse(export.content, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            response["X-Content-SHA256"] = export.sha256
            return response
        messages.error(request, _("The export was not made; see the date."))
    rows = selectors.export_rows(request.sponsor, since)
    problems = [(row, problem) for row in rows for problem in row.problems]
    return render(request, "agency/rapids_export.html", {
        "form": form, "since": since, "rows": rows, "problems": problems,
        "valid_count": sum(1 for row in rows if row.valid), "held_back": sum(1 for row in rows if not row.valid),
        "exports": selectors.recent_exports(request.sponsor),
        "can_export": request.membership.can("agency.export"),
    })
