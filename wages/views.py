"""An apprentice's wage page and the employer admin's decision on the raises due."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from imt.pages import apply_validation_error
from wages import selectors, services
from wages.forms import RaiseDecisionForm
from wages.models import RaiseDue, WageDecision


def wage_page(request, sponsor_slug, apprentice_enrollment):
    """Current step and rate, the next step's trigger and progress, raises waiting, and the history."""
    status = selectors.wage_status(apprentice_enrollment)
    return render(request, "wages/wage.html", {
        "enrollment": apprentice_enrollment, "status": status,
        "can_decide": request.membership.can("wages.decide") and bool(status.pending),
    })


def _label(row):
    step = row.step
    what = step.trigger() if step else ""
    return _("Step %(n)s, %(what)s, reached on %(day)s") % {
        "n": row.raise_due.step_number, "what": what, "day": date_format(row.raise_due.reached_on, "M j, Y")}


def decide_page(request, sponsor_slug, apprentice_enrollment):
    """The raises due of one apprentice; the employer admin confirms one (signed) or says why not."""
    enrollment = apprentice_enrollment
    pending = list(
        RaiseDue.objects.filter(enrollment=enrollment, decision__isnull=True)
        .select_related("enrollment__standards_version").order_by("step")
    )
    rows = selectors.raise_rows(pending)
    for row in rows:
        row.label = _label(row)
    form = None
    if request.membership.can("wages.decide") and rows:
        chosen = request.GET.get("raise")
        initial = {"raise_due": int(chosen)} if chosen and chosen.isdigit() else {"raise_due": rows[0].raise_due.pk}
        form = RaiseDecisionForm(request.POST or None, request=request, raises=rows, initial=initial)
        if request.method == "POST" and form.is_valid():
            raise_due = next(r for r in pending if r.pk == form.cleaned_data["raise_due"])
            try:
                if form.cleaned_data["decision"] == "confirm":
                    services.raise_confirm(raise_due=raise_due, by=request.membership,
                                           effective_date=form.cleaned_data["effective_date"],
                                           confirmed_at=form.confirmed_at)
                    messages.success(request, _("The raise was confirmed and signed."))
                else:
                    services.raise_decline(raise_due=raise_due, by=request.membership,
                                           reason=form.cleaned_data["reason"])
                    messages.success(request, _("The decision not to grant the raise was recorded."))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("wage_page", sponsor_slug, enrollment.pk)
    decided = (
        WageDecision.objects.filter(raise_due__enrollment=enrollment).select_related("raise_due", "decided_by")
        .order_by("-created_at")
    )
    return render(request, "wages/decide.html", {
        "enrollment": enrollment, "rows": rows, "form": form, "decided": decided,
    })
