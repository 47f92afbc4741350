"""Sign-offs: the apprentice asks for one (or withdraws the request); the mentor's queue of hours and
requests, signing off a skill, revoking a sign-off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apprentices import forms, selectors, services
from apprentices.models import SignOffRequest
from apprentices.views import own_enrollment
from imt.pages import apply_validation_error


def sign_off_request_create(request, sponsor_slug):
    enrollment = own_enrollment(request)
    form = forms.SignOffRequestForm(request.POST or None, enrollment=enrollment,
                                    initial={"skill": request.GET.get("skill")})
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_request(enrollment=enrollment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your mentor was asked to sign off “%(skill)s”.")
                             % {"skill": form.cleaned_data["skill"].name})
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/sign_off_request_form.html", {"form": form, "enrollment": enrollment})


@require_POST
def sign_off_request_withdraw(request, sponsor_slug, sign_off_request):
    services.sign_off_request_withdraw(request=sign_off_request, by=request.user)
    messages.success(request, _("The request was withdrawn."))
    return redirect(reverse("enrollment_detail", args=[sponsor_slug, sign_off_request.enrollment_id]))


def mentor_queue(request, sponsor_slug):
    """Everything waiting for the mentor, oldest first; approve many at once or reject with a reason."""
    queue = selectors.mentor_queue(request.membership)
    form = forms.QueueDecisionForm(request.POST or None, entry_ids=[e.pk for e in queue.entries])
    if request.method == "POST" and form.is_valid():
        entries, action = form.cleaned_data["entries"], form.cleaned_data["action"]
        try:
            if action == "approve":
                done = services.hours_approve(mentor=request.membership, entries=entries)
                message = _("%(n)s entries approved and signed.") % {"n": len(done)}
            else:
                done = services.hours_reject(mentor=request.membership, entries=entries,
                                             reason=form.cleaned_data["reason"])
                message = _("%(n)s entries rejected; the apprentice sees your reason.") % {"n": len(done)}
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, message)
            return redirect("mentor_queue", sponsor_slug=sponsor_slug)
    selected = set(request.POST.getlist("entries"))
    for entry in queue.entries:
        entry.totals = queue.totals.get(entry.enrollment_id)
    for sign_off_request in queue.requests:
        sign_off_request.totals = queue.totals.get(sign_off_request.enrollment_id)
    return render(request, "apprentices/mentor_queue.html", {
        "queue": queue, "form": form, "selected": selected,
    })


def _sign_off(request, enrollment, form, success_url):
    try:
        services.skill_sign_off(
            enrollment=enrollment, skill=form.cleaned_data["skill"], mentor=request.membership,
            level=form.cleaned_data["level"], observed_on=form.cleaned_data["observed_on"],
            comment=form.cleaned_data["comment"], password_confirmed_at=form.confirmed_at,
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    messages.success(request, _("“%(skill)s” is signed off.") % {"skill": form.cleaned_data["skill"].name})
    return redirect(success_url)


def skill_sign_off(request, sponsor_slug, apprentice_enrollment):
    """Sign off a skill of an assigned apprentice (?skill=<pk> preselects it), with password confirmation."""
    enrollment = apprentice_enrollment
    initial = {"skill": request.GET.get("skill")} if (request.GET.get("skill") or "").isdigit() else {}
    form = forms.SignOffForm(request.POST or None, enrollment=enrollment, request=request, initial=initial)
    if request.method == "POST" and form.is_valid():
        success_url = reverse("enrollment_detail", args=[sponsor_slug, enrollment.pk])
        response = _sign_off(request, enrollment, form, success_url)
        if response:
            return response
    return render(request, "apprentices/sign_off_form.html", {"form": form, "enrollment": enrollment})


def sign_off_from_request(request, sponsor_slug, sign_off_request):
    if sign_off_request.status != SignOffRequest.Status.PENDING:
        messages.info(request, _("This request was already answered."))
        return redirect("mentor_queue", sponsor_slug=sponsor_slug)
    enrollment = sign_off_request.enrollment
    form = forms.SignOffForm(request.POST or None, enrollment=enrollment, request=request,
                             initial={"skill": sign_off_request.skill_id})
    if request.method == "POST" and form.is_valid():
        response = _sign_off(request, enrollment, form, reverse("mentor_queue", args=[sponsor_slug]))
        if response:
            return response
    return render(request, "apprentices/sign_off_form.html", {
        "form": form, "enrollment": enrollment, "sign_off_request": sign_off_request,
    })


def sign_off_revoke(request, sponsor_slug, apprentice_enrollment, sign_off):
    """Revoke a sign-off with a reason (a current mentor or sponsor staff; signed, password confirmed)."""
    enrollment = apprentice_enrollment
    if sign_off.enrollment_id != enrollment.pk:  # the address names another apprentice's sign-off
        raise Http404
    form = forms.RevocationForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_revoke(sign_off=sign_off, by=request.membership, reason=form.cleaned_data["reason"],
                                     password_confirmed_at=form.confirmed_at)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The sign-off of “%(skill)s” was revoked.") % {"skill": sign_off.skill.name})
            return redirect(reverse("enrollment_detail", args=[sponsor_slug, enrollment.pk]))
    return render(request, "apprentices/sign_off_revoke.html", {
        "form": form, "enrollment": enrollment, "sign_off": sign_off,
    })
