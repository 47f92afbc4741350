"""The sponsor's compliance page (what the registered standards and the agency expect now), the employers'
journeyworker rosters, and a probation's outcome."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import forms, selectors, services
from compliance.models import Journeyworker, ProbationOutcome
from compliance.sections import sections_for
from imt.pages import apply_validation_error
from programs.selectors import employers_visible_to


def compliance_page(request, sponsor_slug):
    sections = sections_for(request)
    return render(request, "compliance/compliance.html", {
        "sections": sections,
        "overdue_total": sum(section.overdue for section in sections),
        "can_manage_journeyworkers": request.membership.can("journeyworkers.manage"),
    })


def rosters(request, sponsor_slug):
    """The employers the member sees, each with its journeyworker count, linking to its roster."""
    employers = list(employers_visible_to(request.membership).filter(archived_at__isnull=True).order_by("name"))
    counts = selectors.journeyworker_counts(request.sponsor.pk, [e.pk for e in employers])
    rows = [(employer, counts.get(employer.pk, 0)) for employer in employers]
    return render(request, "compliance/rosters.html", {"rows": rows})


def roster(request, sponsor_slug, employer):
    """One employer's journeyworkers: its mentors (counted by themselves) and the recorded people; add or end one."""
    membership = request.membership
    action = request.POST.get("action")
    add_form = forms.JourneyworkerForm(request.POST if action == "add" else None, employer=employer, request=request)
    end_form, ending = None, None
    if action == "end":
        ending = selectors.journeyworkers_visible_to(membership).filter(
            employer=employer, pk=request.POST.get("journeyworker") if (request.POST.get("journeyworker") or "")
            .isdigit() else 0).first()
        if ending is None:
            raise Http404
        end_form = forms.EndJourneyworkerForm(request.POST, request=request)
    if request.method == "POST":
        try:
            if end_form is not None and ending is not None and end_form.is_valid():
                services.journeyworker_end(journeyworker=ending, by=membership, override=end_form.override())
                messages.success(request, _("%(name)s no longer counts as a journeyworker.") % {"name": ending.name})
                return redirect("journeyworker_roster", sponsor_slug=sponsor_slug, employer_pk=employer.pk)
            if action == "add" and add_form.is_valid():
                data = add_form.cleaned_data
                record = services.journeyworker_add(
                    employer=employer, by=membership, name=data["name"], worksite=data["worksite"],
                    membership=data["membership"], counts=data["counts"], start_date=data["start_date"],
                    override=add_form.override(),
                )
                messages.success(request, _("%(name)s is on the roster.") % {"name": record.name})
                return redirect("journeyworker_roster", sponsor_slug=sponsor_slug, employer_pk=employer.pk)
        except ValidationError as error:
            (end_form or add_form).show_error(error)
    today = timezone.localdate()
    records = list(Journeyworker.objects.filter(employer=employer).select_related("membership__user")
                   .order_by("end_date", "name", "pk"))
    not_counted = {r.membership_id for r in records if r.membership_id and not r.counts and r.end_date is None}
    mentors = [(m, m.pk not in not_counted) for m in forms.mentors_of(employer.sponsor_id, employer.pk)]
    breaches = [b for b in selectors.ratio_breaches(membership) if b.employer.pk == employer.pk]
    return render(request, "compliance/roster.html", {
        "employer": employer, "mentors": mentors, "records": records, "today": today,
        "count": selectors.journeyworkers_at(employer), "breaches": breaches,
        "form": add_form, "end_form": end_form, "ending": ending,
    })


def probation_outcome(request, sponsor_slug, apprentice_enrollment):
    """Record how an apprentice's probation ends: passed, extended (within the legal maximum) or cancelled."""
    enrollment = apprentice_enrollment
    form = forms.ProbationOutcomeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.probation_outcome_record(
                enrollment=enrollment, by=request.membership, outcome=data["outcome"], reason=data["reason"],
                new_end=data["new_end"], effective_date=data["effective_date"],
                reason_code=data["reason_code"], password_confirmed_at=form.confirmed_at,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The probation of %(name)s: %(outcome)s.") % {
                "name": enrollment.full_name, "outcome": outcome.get_outcome_display().lower()})
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "compliance/probation_outcome.html", {
        "form": form, "enrollment": enrollment, "limit": selectors.probation_limit(enrollment),
        "outcomes": ProbationOutcome.objects.filter(enrollment=enrollment).select_related("by"),
        "on_probation": enrollment.status == enrollment.Status.PROBATION,
    })
