"""Credential types, earned credentials and the records pages.  The records a URL names arrive looked up
among those the member may see (imt/visibility.py); every write goes through credentials.services."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credentials import selectors, services
from credentials.forms import CredentialForm, CredentialTypeForm, RequirementsForm
from credentials.models import CredentialType
from imt.evidence import evidence_download_name, evidence_response
from imt.pages import apply_validation_error, form_page, paginate
from imt.permissions import Role
from programs.models import Program
from rti import selectors as rti_selectors
from rti.models import Course

FORM = "rti/form.html"


def _dates():
    """What the status badges compare expiry dates with."""
    today = timezone.localdate()
    return {"today": today, "soon": today + timedelta(days=selectors.EXPIRY_WARNING_DAYS)}


# --- Credential types ------------------------------------------------------


def type_list(request, sponsor_slug):
    return render(request, "credentials/type_list.html", {
        "page": paginate(request, selectors.credential_types(request.sponsor)),
    })


def type_edit(request, sponsor_slug, credential_type=None):
    """A new credential type (no `credential_type`) or the type's details."""
    if credential_type is None:
        save = lambda data: services.credential_type_create(by=request.membership, **data)  # noqa: E731
        done, title = _("Credential “%(name)s” was added."), _("New credential")
    else:
        save = lambda data: services.credential_type_update(  # noqa: E731
            credential_type=credential_type, by=request.membership, **data
        )
        done, title = _("Credential “%(name)s” was saved."), credential_type.name
    return form_page(
        request, CredentialTypeForm(request.POST or None, instance=credential_type, sponsor=request.sponsor),
        save=save, message=lambda saved: done % {"name": saved.name},
        success_url=reverse("credential_type_list", args=[sponsor_slug]),
        template=FORM, context={"title": title, "back": "credential_type_list"},
    )


# --- Earned credentials ----------------------------------------------------


def credential_list(request, sponsor_slug):
    show = request.GET.get("show", "")
    credentials = selectors.credential_list(request.membership)
    if show == "unverified":
        credentials = credentials.filter(verified_at__isnull=True)
    elif show == "expiring":
        credentials = selectors.expiring(request.membership)
    page = paginate(request, credentials)
    return render(request, "credentials/credential_list.html", {"page": page, "show": show, **_dates()})


def credential_create(request, sponsor_slug):
    apprentices = rti_selectors.apprentices_visible_to(request.membership).filter(is_active=True)
    initial = {"apprentice": request.GET.get("apprentice")}
    form = CredentialForm(request.POST or None, request.FILES or None, initial=initial, sponsor=request.sponsor,
                          apprentices=apprentices)
    if request.method == "POST" and form.is_valid():
        try:
            credential = services.credential_record(by=request.membership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s was recorded.") % {"name": credential.credential_type})
            return redirect("transcript", sponsor_slug=sponsor_slug, apprentice_pk=credential.apprentice_id)
    return render(request, FORM, {"form": form, "title": _("Record a credential"), "back": "credential_list",
                                  "multipart": True})


def _require_current(credential):
    """A corrected credential is kept, but never edited or verified again: not there for those pages."""
    if not selectors.is_current(credential):
        raise Http404


def credential_update(request, sponsor_slug, credential):
    _require_current(credential)
    initial = {"apprentice": credential.apprentice, "credential_type": credential.credential_type,
               "earned_on": credential.earned_on, "number": credential.number, "expires_on": credential.expires_on}
    form = CredentialForm(request.POST or None, request.FILES or None, initial=initial, sponsor=request.sponsor,
                          apprentices=rti_selectors.apprentices_visible_to(request.membership), editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("apprentice")
        if data["expires_on"] is None:
            data["expires_on"] = data["credential_type"].expiry_for(data["earned_on"])
        try:
            services.credential_update(credential=credential, by=request.membership, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": credential.credential_type})
            return redirect("transcript", sponsor_slug=sponsor_slug, apprentice_pk=credential.apprentice_id)
    return render(request, FORM, {
        "form": form, "title": f"{credential.credential_type} — {credential.apprentice.user}",
        "back": "credential_list", "multipart": True,
        "note": _("This credential is verified: saving a change records a corrected credential, which the "
                  "sponsor verifies again; the verified record is kept as it was.")
        if credential.is_verified else "",
    })


@require_POST
def credential_verify(request, sponsor_slug, credential):
    _require_current(credential)
    services.credential_verify(credential=credential, by=request.membership)
    messages.success(request, _("%(credential)s of %(name)s is verified.")
                     % {"credential": credential.credential_type, "name": credential.apprentice.user})
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("credential_list", sponsor_slug=sponsor_slug)


def credential_evidence(request, sponsor_slug, credential):
    if not credential.evidence:
        raise Http404
    return evidence_response(
        credential.evidence, content_type=credential.evidence_content_type,
        download_name=evidence_download_name("credential-evidence", credential.pk, credential.evidence_content_type),
    )


# --- Records: the requirements checklist and the transcript -----------------


def record_list(request, sponsor_slug):
    """The apprentices whose records the member may see; an apprentice goes straight to their own."""
    if request.membership.role == Role.APPRENTICE:
        return redirect("transcript", sponsor_slug=sponsor_slug, apprentice_pk=request.membership.pk)
    apprentices = rti_selectors.apprentices_visible_to(request.membership).select_related("user", "employer")
    q = request.GET.get("q", "").strip()
    if q:
        apprentices = apprentices.filter(user__full_name__icontains=q)
    apprentices = apprentices.order_by("user__full_name", "user__email")
    page = paginate(request, apprentices)
    return render(request, "credentials/record_list.html", {"page": page, "q": q})


def transcript(request, sponsor_slug, apprentice):
    """The apprentice's page: requirements checklist, RTI courses, credits and credentials; prints as a transcript."""
    return render(request, "credentials/transcript.html", {
        "apprentice": apprentice,
        "checklist": selectors.requirements_checklist(apprentice),
        "results": rti_selectors.course_results(apprentice),
        "credits": rti_selectors.course_credits(apprentice),
        "credentials": selectors.credentials_of(apprentice),
        "can_record": request.membership.can("credentials.record"),
        "can_verify": request.membership.can("credentials.verify"),
        "now": timezone.now(),
        **_dates(),
    })


def requirements(request, sponsor_slug):
    """Each program's required RTI courses and credentials; its RTI hours are on the program itself."""
    programs = Program.objects.filter(sponsor=request.sponsor).order_by("name")
    program_pk = request.POST.get("program") or request.GET.get("program") or ""
    program = get_object_or_404(programs, pk=program_pk) if program_pk.isdigit() else programs.first()
    if program is None:
        return render(request, "credentials/requirements.html", {"programs": programs})
    courses = Course.objects.filter(sponsor=request.sponsor).order_by("name")
    types = CredentialType.objects.filter(sponsor=request.sponsor).order_by("group", "name")
    initial = {
        "courses": rti_selectors.required_courses(program),
        "credential_types": selectors.required_credential_types(program),
    }
    form = RequirementsForm(request.POST or None, initial=initial, courses=courses, credential_types=types)
    can_edit = request.membership.can("programs.manage")
    if not can_edit:  # the sponsor reviewer reads the requirements
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        services.requirements_set(program=program, courses=form.cleaned_data["courses"],
                                  credential_types=form.cleaned_data["credential_types"], by=request.membership)
        messages.success(request, _("The requirements of “%(name)s” were saved.") % {"name": program.name})
        return redirect(f"{request.path}?program={program.pk}")
    return render(request, "credentials/requirements.html",
                  {"programs": programs, "program": program, "form": form, "can_edit": can_edit})
