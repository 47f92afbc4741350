"""Advanced standing: the employer asks for credit of prior learning, sponsor staff decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apprentices import forms, selectors, services
from apprentices.models import AdvancedStanding
from imt.evidence import evidence_download_name, evidence_response, stored_content_type
from imt.pages import apply_validation_error, paginate


def standing_request(request, sponsor_slug, apprentice_enrollment):
    enrollment = apprentice_enrollment
    form = forms.AdvancedStandingForm(request.POST or None, request.FILES or None, enrollment=enrollment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.advanced_standing_request(
                enrollment=enrollment, by=request.user, basis=data["basis"], description=data["description"],
                evidence=data["evidence"], hours=form.credited_hours(), skills=list(data["skills"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request was sent to the sponsor."))
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/standing_request.html", {"form": form, "enrollment": enrollment})


def standing_queue(request, sponsor_slug):
    show = request.GET.get("show", "pending")
    standings = selectors.standings_to_decide(request.sponsor, pending_only=show == "pending")
    page = paginate(request, standings)
    return render(request, "apprentices/standing_queue.html", {"page": page, "show": show})


def standing_detail(request, sponsor_slug, standing):
    """A request for advanced standing; sponsor staff decide it here."""
    can_decide = request.membership.can("standing.decide") and standing.status == AdvancedStanding.Status.PENDING
    form = forms.StandingDecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.advanced_standing_decide(
                standing=standing, by=request.membership, approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["decision_note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request was decided."))
            return redirect("standing_queue", sponsor_slug=sponsor_slug)
    return render(request, "apprentices/standing_detail.html", {
        "standing": standing, "form": form,
        "hours": selectors.credited_hours_of(standing), "skills": selectors.credited_skills_of(standing),
    })


def standing_evidence(request, sponsor_slug, standing):
    """The evidence file, only to those who see the apprentice's record (never by a public URL)."""
    if not standing.evidence:
        raise Http404
    content_type = stored_content_type(standing.evidence)
    return evidence_response(standing.evidence, content_type=content_type,
                             download_name=evidence_download_name("advanced-standing", standing.pk, content_type))
