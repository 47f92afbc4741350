from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credentials import selectors, services
from credentials.forms import CredentialForm, CredentialTypeForm, RequirementsForm
from credentials.models import Credential, CredentialType
from imt.evidence import evidence_download_name, evidence_response
from imt.pages import apply_validation_error, paginate
from imt.permissions import Role
from programs.models import Program
from rti import selectors as rti_selectors
from rti import services as rti_services
from rti.models import Course


def _dates():
    """What the status badges compare expiry dates with."""
    today = timezone.localdate()
    return {"today": today, "soon": today + timedelta(days=selectors.EXPIRY_WARNING_DAYS)}


# --- Credential types ------------------------------------------------------


def type_list(request, sponsor_slug):
    types = CredentialType.objects.filter(sponsor=request.sponsor).order_by("retired_at", "group", "name")
    return render(request, "credentials/type_list.html", {"types": types})


def type_create(request, sponsor_slug):
    form = CredentialTypeForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        credential_type = form.save()
        messages.success(request, _("Credential “%(name)s” was added.") % {"name": credential_type.name})
        return redirect("credential_type_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/form.html", {
        "form": form, "title": _("New credential"), "back": "credential_type_list",
    })


def type_update(request, sponsor_slug, credential_type_pk):
    credential_type = get_object_or_404(CredentialType, sponsor=request.sponsor, pk=credential_type_pk)
    form = CredentialTypeForm(request.POST or None, instance=credential_type, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Credential “%(name)s” was saved.") % {"name": credential_type.name})
        return redirect("credential_type_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/form.html", {"form": form, "title": credential_type.name,
                                             "back": "credential_type_list"})


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
            credential = services.credential_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s was recorded.") % {"name": credential.credential_type})
            return redirect("transcript", sponsor_slug=sponsor_slug, apprentice_pk=credential.apprentice_id)
    return render(request, "rti/form.html", {"form": form, "title": _("Record a credential"),
                                             "back": "credential_list", "multipart": True})


def _credential(request, credential_pk, *, current=False):
    """A credential of an apprentice whose records the member may see (one that still stands, when
    `current`: a corrected record is kept, but never edited or verified again); 404 otherwise."""
    credentials = (Credential.objects.current() if current else Credential.objects).filter(
        apprentice__in=rti_selectors.apprentices_visible_to(request.membership)
    ).select_related("credential_type", "apprentice__user", "verified_by")
    return get_object_or_404(credentials, pk=credential_pk)


def credential_update(request, sponsor_slug, credential_pk):
    credential = _credential(request, credential_pk, current=True)
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
            services.credential_update(credential=credential, by=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": credential.credential_type})
            return redirect("transcript", sponsor_slug=sponsor_slug, apprentice_pk=credential.apprentice_id)
    return render(request, "rti/form.html", {
        "form": form, "title": f"{credential.credential_type} — {credential.apprentice.user}",
        "back": "credential_list", "multipart": True,
        "note": _("This credential is verified: saving a change records a corrected credential, which the "
                  "sponsor verifies again; the verified record is kept as it was.")
        if credential.is_verified else "",
    })


@require_POST
def credential_verify(request, sponsor_slug, credential_pk):
    credential = _credential(request, credential_pk, current=True)
    services.credential_verify(credential=credential, by=request.user)
    messages.success(request, _("%(credential)s of %(name)s is verified.")
                     % {"credential": credential.credential_type, "name": credential.apprentice.user})
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("credential_list", sponsor_slug=sponsor_slug)


def credential_evidence(request, sponsor_slug, credential_pk):
    credential = _credential(request, credential_pk)
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


def transcript(request, sponsor_slug, apprentice_pk):
    """The apprentice's page: requirements checklist, RTI courses, credits and credentials; prints as a transcript."""
    apprentice = get_object_or_404(
        rti_selectors.apprentices_visible_to(request.membership).select_related("user", "employer"), pk=apprentice_pk
    )
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
        rti_services.requirements_set(program=program, courses=form.cleaned_data["courses"])
        services.requirements_set(program=program, credential_types=form.cleaned_data["credential_types"])
        messages.success(request, _("The requirements of “%(name)s” were saved.") % {"name": program.name})
        return redirect(f"{request.path}?program={program.pk}")
    return render(request, "credentials/requirements.html",
                  {"programs": programs, "program": program, "form": form, "can_edit": can_edit})
