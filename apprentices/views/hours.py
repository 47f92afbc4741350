"""The apprentice's hours: the quick-add form, the weekly timesheet, my entries (edit, withdraw, correct)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apprentices import forms, selectors, services
from apprentices.models import OJTEntry
from apprentices.views import own_enrollment
from imt.pages import apply_validation_error, form_page, paginate, post_action


def quick_add_form(request, enrollment, data=None):
    # The last competency preselects the choice of an empty form; a submitted form shows what was sent.
    last = None if data else selectors.last_competency_id(enrollment)
    initial = {"date": timezone.localdate()}
    if last:
        initial["competency"] = last
    form = forms.HoursForm(data, enrollment=enrollment, initial=initial, prefix="quick")
    for name in ("date", "competency", "hours"):  # big touch targets on a phone
        form.fields[name].widget.attrs["class"] = "form-control-lg" if name != "competency" else "form-select-lg"
    return form


def hours_log(request, sponsor_slug):
    """The quick-add form: a day's hours against a competency, in a few taps."""
    enrollment = own_enrollment(request)
    form = quick_add_form(request, enrollment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.hours_log(enrollment=enrollment, by=request.user, **form.entry_values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(hours)s h logged for %(date)s; your mentor will review them.") % {
                "hours": f"{entry.hours.normalize():f}", "date": date_format(entry.date, "M j")})
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse("hours_log", args=[sponsor_slug])
            return redirect(next_url)
    return render(request, "apprentices/hours_log.html", {
        "form": forms.with_choices_read(form), "enrollment": enrollment, "recent": selectors.recent_entries(enrollment),
    })


def _week_start(value):
    try:
        day = datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def hours_week(request, sponsor_slug):
    """A weekly timesheet: competencies × days.  All filled cells are saved, or none (each error next to its cell)."""
    enrollment = own_enrollment(request)
    monday = _week_start(request.GET.get("week"))
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    competencies = selectors.enrollment_competencies(enrollment)
    form = forms.TimesheetForm(request.POST or None, competencies=competencies, days=days)
    if request.method == "POST" and form.is_valid():
        cells = form.filled_cells()
        if not cells:
            form.add_error(None, _("Type hours in at least one cell."))
        else:
            try:
                entries = services.hours_log_week(enrollment=enrollment, by=request.user, cells=cells)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(n)s entries logged; your mentor will review them.")
                                 % {"n": len(entries)})
                return redirect(f"{reverse('hours_week', args=[sponsor_slug])}?week={monday.isoformat()}")
    logged = selectors.week_hours(enrollment, days)
    rows = [
        (competency, [(form[form.cell_name(competency, day)], logged.get((competency.key, day))) for day in days])
        for competency in competencies
    ]
    return render(request, "apprentices/hours_week.html", {
        "form": form, "rows": rows, "days": days, "enrollment": enrollment,
        "previous_week": monday - datetime.timedelta(days=7), "next_week": monday + datetime.timedelta(days=7),
        "is_current_week": monday == _week_start(None),
        "day_totals": [sum((logged.get((c.key, d)) or 0 for c in competencies), 0) for d in days],
    })


def hours_list(request, sponsor_slug):
    """My entries: pending ones to edit or withdraw, approved ones to correct, rejections with the reason."""
    enrollment = own_enrollment(request)
    status = request.GET.get("status", "")
    page = paginate(request, selectors.entries_of(enrollment, status=status))
    corrected = selectors.corrected_entry_ids([e.pk for e in page])
    return render(request, "apprentices/hours_list.html", {
        "page": page, "status": status, "statuses": OJTEntry.Status.choices, "enrollment": enrollment,
        "corrected": corrected,
    })


def _as_logged(entry):
    """The form's first values: the entry as it was logged."""
    return {"date": entry.date, "competency": entry.competency_id, "hours": f"{entry.hours.normalize():f}",
            "note": entry.note}


def hours_edit(request, sponsor_slug, ojt_entry):
    entry = ojt_entry
    if entry.status != OJTEntry.Status.PENDING:
        messages.info(request, _("This entry is %(status)s and can no longer change.")
                      % {"status": entry.get_status_display().lower()})
        return redirect("hours_list", sponsor_slug=sponsor_slug)
    form = forms.HoursForm(request.POST or None, enrollment=entry.enrollment, initial=_as_logged(entry))
    return form_page(
        request, form, save=lambda data: services.hours_update(entry=entry, by=request.user, **form.entry_values()),
        message=lambda _entry: _("The entry was changed."), success_url=reverse("hours_list", args=[sponsor_slug]),
        template="apprentices/hours_form.html", context={"entry": entry, "title": _("Edit hours")},
    )


@require_POST
def hours_withdraw(request, sponsor_slug, ojt_entry):
    return post_action(
        request, lambda: services.hours_withdraw(entry=ojt_entry, by=request.user),
        message=lambda _entry: _("The entry was withdrawn."), success_url=reverse("hours_list", args=[sponsor_slug]),
    )


def hours_correct(request, sponsor_slug, ojt_entry):
    """Ask for a correction of an approved entry: a new entry, linked, with a reason."""
    entry = ojt_entry
    if entry.status != OJTEntry.Status.APPROVED:
        messages.info(request, _("Only an approved entry is corrected; edit or withdraw a pending one."))
        return redirect("hours_list", sponsor_slug=sponsor_slug)
    form = forms.CorrectionForm(request.POST or None, enrollment=entry.enrollment, initial=_as_logged(entry))
    return form_page(
        request, form,
        save=lambda data: services.hours_correct(entry=entry, by=request.user, reason=data["reason"],
                                                 **form.entry_values()),
        message=lambda _entry: _("The correction was sent to your mentor."),
        success_url=reverse("hours_list", args=[sponsor_slug]), template="apprentices/hours_form.html",
        context={"entry": entry, "title": _("Correct approved hours"), "correcting": True},
    )
