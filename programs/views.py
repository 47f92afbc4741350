from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from imt.pages import (
    PAGE_SIZE,
    apply_validation_error,  # noqa: F401 TRANSITION(#14): apprentices still imports this from here
)
from imt.permissions import Role
from programs import selectors, services
from programs.forms import (
    EmployerForm,
    InvitationForm,
    MembershipRoleForm,
    ProgramForm,
    SponsorProfileForm,
    WageStepFormSet,
)
from programs.models import Employer, Invitation, Membership, Program

# --- Sponsor profile -------------------------------------------------------


def sponsor_settings(request, sponsor_slug):
    form = SponsorProfileForm(request.POST or None, request.FILES or None, instance=request.sponsor)
    if request.method == "POST" and form.is_valid():
        services.sponsor_update(sponsor=form.save(commit=False))
        messages.success(request, _("The sponsor profile was saved."))
        return redirect("sponsor_settings", sponsor_slug=sponsor_slug)
    return render(request, "programs/sponsor_settings.html", {"form": form, "mfa_grace_days": settings.MFA_GRACE_DAYS})


def sponsor_logo(request, sponsor_slug):
    """The logo, served privately to the sponsor's members."""
    if not request.sponsor.logo:
        raise Http404
    try:
        return FileResponse(request.sponsor.logo.open("rb"))
    except FileNotFoundError:
        raise Http404 from None


# --- Employers -------------------------------------------------------------


def employer_list(request, sponsor_slug):
    show = request.GET.get("show", "current")
    employers = Employer.objects.filter(sponsor=request.sponsor).annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    )
    employers = employers.filter(archived_at__isnull=(show != "archived"))
    page = Paginator(employers.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/employer_list.html", {"page": page, "show": show})


def employer_create(request, sponsor_slug):
    form = EmployerForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        form.instance.sponsor = request.sponsor
        employer = form.save()
        messages.success(request, _("Employer “%(name)s” was added.") % {"name": employer.name})
        return redirect("employer_list", sponsor_slug=sponsor_slug)
    return render(request, "programs/employer_form.html", {"form": form})


def employer_update(request, sponsor_slug, employer_pk):
    employer = get_object_or_404(Employer, sponsor=request.sponsor, pk=employer_pk)
    form = EmployerForm(request.POST or None, instance=employer, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Employer “%(name)s” was saved.") % {"name": employer.name})
        return redirect("employer_list", sponsor_slug=sponsor_slug)
    return render(request, "programs/employer_form.html", {"form": form, "employer": employer})


@require_POST
def employer_archive(request, sponsor_slug, employer_pk):
    employer = get_object_or_404(Employer, sponsor=request.sponsor, pk=employer_pk)
    if employer.is_archived:
        services.employer_restore(employer=employer)
        messages.success(request, _("Employer “%(name)s” was restored.") % {"name": employer.name})
    else:
        services.employer_archive(employer=employer)
        messages.success(request, _("Employer “%(name)s” was archived.") % {"name": employer.name})
    return redirect("employer_list", sponsor_slug=sponsor_slug)


# --- Members ---------------------------------------------------------------


def member_list(request, sponsor_slug):
    members = selectors.members_of(request.sponsor, query=request.GET.get("q", ""), role=request.GET.get("role", ""))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/member_list.html", {
        "page": page, "roles": Role.choices, "q": request.GET.get("q", ""), "role": request.GET.get("role", ""),
    })


def member_update(request, sponsor_slug, member_pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), sponsor=request.sponsor, pk=member_pk)
    form = MembershipRoleForm(request.POST or None, instance=membership, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], employer=form.cleaned_data["employer"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s's role was changed.") % {"name": membership.user})
            return redirect("member_list", sponsor_slug=sponsor_slug)
    return render(request, "programs/member_form.html", {"form": form, "member": membership})


def member_deactivate(request, sponsor_slug, member_pk):
    """GET asks for confirmation; POST deactivates (or reactivates) the member."""
    membership = get_object_or_404(Membership.objects.select_related("user"), sponsor=request.sponsor, pk=member_pk)
    if request.method == "POST":
        try:
            if membership.is_active:
                services.membership_deactivate(membership=membership, by=request.user)
                messages.success(request, _("%(name)s was deactivated and signed out.") % {"name": membership.user})
            else:
                services.membership_reactivate(membership=membership)
                messages.success(request, _("%(name)s was reactivated.") % {"name": membership.user})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("member_list", sponsor_slug=sponsor_slug)
    return render(request, "programs/member_deactivate.html", {"member": membership})


# --- Invitations -----------------------------------------------------------


def invitation_list(request, sponsor_slug):
    form = InvitationForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                sponsor=request.sponsor, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("invitation_list", sponsor_slug=sponsor_slug)
    invitations = Invitation.objects.filter(sponsor=request.sponsor).select_related("employer", "invited_by")
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/invitation_list.html", {"form": form, "page": page})


@require_POST
def invitation_revoke(request, sponsor_slug, invitation_pk):
    invitation = get_object_or_404(Invitation, sponsor=request.sponsor, pk=invitation_pk)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect("invitation_list", sponsor_slug=sponsor_slug)


def invitation_accept(request, token):
    """The link in an invitation e-mail.  Anonymous visitors sign up or sign in first, then come back."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404
    with scope(sponsor=invitation.sponsor):
        if not request.user.is_authenticated:
            selectors.remember_invitation(request, invitation)
            return render(request, "programs/invitation_accept.html", {
                "invitation": invitation,
                "has_account": selectors.email_has_account(invitation.email),
            })
        if request.method == "POST" and invitation.is_pending:
            try:
                membership = services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                selectors.forget_invitation(request)
                messages.success(request, _("Welcome to %(sponsor)s.") % {"sponsor": invitation.sponsor})
                return redirect(reverse("dashboard", kwargs={"sponsor_slug": membership.sponsor.slug}))
        return render(request, "programs/invitation_accept.html", {"invitation": invitation})


# --- Programs --------------------------------------------------------------


def program_list(request, sponsor_slug):
    programs = (
        Program.objects.filter(sponsor=request.sponsor)
        .prefetch_related("wage_steps")
        .annotate(job_book_count=Count("job_books"))
    )
    return render(request, "programs/program_list.html", {"programs": programs})


def _program_form(request, program):
    form = ProgramForm(request.POST or None, instance=program, sponsor=request.sponsor)
    initial = [
        {"basis": s.basis, "threshold": s.threshold, "kind": s.kind, "amount": s.amount}
        for s in (program.wage_steps.order_by("threshold") if program.pk else [])
    ] or [{"basis": "hours", "threshold": 0, "kind": "percent", "amount": None}]
    formset = WageStepFormSet(request.POST or None, initial=initial, prefix="steps", program_form=form)
    if request.method == "POST":
        valid = form.is_valid()
        if valid and formset.is_valid():
            fields = {name: form.cleaned_data[name] for name in ProgramForm.Meta.fields}
            try:
                if program.pk:
                    program = services.program_update(program=program, wage_steps=formset.steps(), **fields)
                else:
                    program = services.program_create(
                        sponsor=request.sponsor, wage_steps=formset.steps(), **fields
                    )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Program “%(name)s” was saved.") % {"name": program.name})
                return redirect("program_list", sponsor_slug=request.sponsor.slug)
    return render(request, "programs/program_form.html", {"form": form, "formset": formset, "program": program})


def program_create(request, sponsor_slug):
    return _program_form(request, Program(sponsor=request.sponsor))


def program_update(request, sponsor_slug, program_pk):
    return _program_form(request, get_object_or_404(Program, sponsor=request.sponsor, pk=program_pk))
