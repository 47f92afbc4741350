from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from imt.pages import form_page, paginate, post_action
from imt.permissions import Role
from programs import selectors, services
from programs.forms import (
    EmployerForm,
    InvitationForm,
    MembershipRoleForm,
    ProgramForm,
    SponsorProfileForm,
    StandardsPublishForm,
    WageStepFormSet,
)
from programs.models import Employer, Invitation, Membership, Program, StandardsVersion


def _url(name, request):
    return reverse(name, kwargs={"sponsor_slug": request.sponsor.slug})


# --- Sponsor profile -------------------------------------------------------


def sponsor_settings(request, sponsor_slug):
    form = SponsorProfileForm(request.POST or None, request.FILES or None, instance=request.sponsor)
    return form_page(
        request, form,
        save=lambda data: services.sponsor_update(sponsor=form.instance),  # the valid form has filled it in
        message=lambda sponsor: _("The sponsor profile was saved."),
        success_url=_url("sponsor_settings", request), template="programs/sponsor_settings.html",
        context={"mfa_grace_days": settings.MFA_GRACE_DAYS},
    )


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
    page = paginate(request, selectors.employers_of(request.sponsor, archived=show == "archived"))
    return render(request, "programs/employer_list.html", {"page": page, "show": show})


def employer_edit(request, sponsor_slug, employer: Employer | None = None):
    """A new employer (no `employer`) or the employer's details."""
    if employer is None:
        save = lambda data: services.employer_create(sponsor=request.sponsor, by=request.membership, **data)  # noqa: E731
        done = _("Employer “%(name)s” was added.")
    else:
        save = lambda data: services.employer_update(employer=employer, by=request.membership, **data)  # noqa: E731
        done = _("Employer “%(name)s” was saved.")
    return form_page(
        request, EmployerForm(request.POST or None, instance=employer, sponsor=request.sponsor), save=save,
        message=lambda saved: done % {"name": saved.name},
        success_url=_url("employer_list", request), template="programs/employer_form.html",
        context={"employer": employer},
    )


@require_POST
def employer_archive(request, sponsor_slug, employer: Employer):
    if employer.is_archived:
        act, done = services.employer_restore, _("Employer “%(name)s” was restored.")
    else:
        act, done = services.employer_archive, _("Employer “%(name)s” was archived.")
    return post_action(
        request, lambda: act(employer=employer, by=request.membership),
        message=lambda employer: done % {"name": employer.name}, success_url=_url("employer_list", request),
    )


# --- Members ---------------------------------------------------------------


def member_list(request, sponsor_slug):
    query, role = request.GET.get("q", ""), request.GET.get("role", "")
    page = paginate(request, selectors.members_of(request.sponsor, query=query, role=role))
    return render(request, "programs/member_list.html", {"page": page, "roles": Role.choices, "q": query, "role": role})


def member_update(request, sponsor_slug, member: Membership):
    return form_page(
        request, MembershipRoleForm(request.POST or None, instance=member, sponsor=request.sponsor),
        save=lambda data: services.membership_change_role(
            membership=member, role=data["role"], employer=data["employer"]
        ),
        message=lambda membership: _("%(name)s's role was changed.") % {"name": member.user},
        success_url=_url("member_list", request), template="programs/member_form.html", context={"member": member},
    )


def member_deactivate(request, sponsor_slug, member: Membership):
    """GET asks for confirmation; POST deactivates (or reactivates) the member."""
    if request.method != "POST":
        return render(request, "programs/member_deactivate.html", {"member": member})
    if member.is_active:
        act = lambda: services.membership_deactivate(membership=member, by=request.user)  # noqa: E731
        done = _("%(name)s was deactivated and signed out.")
    else:
        act, done = lambda: services.membership_reactivate(membership=member), _("%(name)s was reactivated.")
    return post_action(
        request, act, message=lambda membership: done % {"name": member.user}, success_url=_url("member_list", request)
    )


# --- Invitations -----------------------------------------------------------


def invitation_list(request, sponsor_slug):
    return form_page(
        request, InvitationForm(request.POST or None, sponsor=request.sponsor),
        save=lambda data: services.invitation_create(sponsor=request.sponsor, invited_by=request.user, **data),
        message=lambda invitation: _("An invitation was sent to %(email)s.") % {"email": invitation.email},
        success_url=_url("invitation_list", request), template="programs/invitation_list.html",
        context={"page": paginate(request, selectors.invitations_of(request.sponsor))},
    )


@require_POST
def invitation_revoke(request, sponsor_slug, invitation: Invitation):
    return post_action(
        request, lambda: services.invitation_revoke(invitation=invitation),
        message=lambda revoked: _("The invitation to %(email)s was revoked.") % {"email": invitation.email},
        success_url=_url("invitation_list", request),
    )


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
    programs = list(selectors.programs_of(request.sponsor))
    for program in programs:  # each draft step with its hourly rate, beside the percentage
        program.steps = [(step, selectors.hourly_rate(step, program.journeyworker_wage))
                         for step in program.wage_steps.all()]
    return render(request, "programs/program_list.html", {"programs": programs})


def program_detail(request, sponsor_slug, program: Program):
    """The program's draft standards, how they differ from the newest published version, and its versions."""
    return render(request, "programs/program_detail.html", {
        "program": program, "changes": selectors.draft_changes(program),
        "versions": selectors.versions_of(program),
    })


def standards_publish(request, sponsor_slug, program: Program):
    """GET shows the differences and asks for a note and a confirmation; POST publishes."""
    changes = selectors.draft_changes(program)
    latest = program.standards_versions.order_by("-number").first()
    return form_page(
        request, StandardsPublishForm(request.POST or None),
        save=lambda data: services.standards_version_publish(program=program, by=request.membership,
                                                             note=data["note"]),
        message=lambda version: _("Version %(n)s of the standards was published.") % {"n": version.number},
        success_url=reverse("program_detail", kwargs={"sponsor_slug": sponsor_slug, "program_pk": program.pk}),
        template="programs/standards_publish.html",
        context={"program": program, "changes": changes, "next_number": (latest.number + 1) if latest else 1},
    )


def standards_version_detail(request, sponsor_slug, standards_version: StandardsVersion):
    version = standards_version
    return render(request, "programs/standards_version.html", {
        "version": version, "program": version.program, "schedule": selectors.version_schedule(version),
        "enrollment_count": version.enrollments.count(),
        "is_newest": not version.program.standards_versions.filter(number__gt=version.number).exists(),
    })


def _program_form(request, program):
    form = ProgramForm(request.POST or None, instance=program, sponsor=request.sponsor)
    initial = [
        {"basis": s.basis, "threshold": s.threshold, "kind": s.kind, "amount": s.amount}
        for s in (program.wage_steps.order_by("threshold") if program.pk else [])
    ] or [{"basis": "hours", "threshold": 0, "kind": "percent", "amount": None}]
    formset = WageStepFormSet(request.POST or None, initial=initial, prefix="steps", program_form=form)

    def save(data):
        fields = {name: data[name] for name in ProgramForm.Meta.fields}
        if program.pk:
            return services.program_update(program=program, wage_steps=formset.steps(), **fields)
        return services.program_create(sponsor=request.sponsor, wage_steps=formset.steps(), **fields)

    return form_page(
        request, form, also_valid=[formset], save=save,
        message=lambda program: _("Program “%(name)s” was saved.") % {"name": program.name},
        success_url=reverse("program_detail", kwargs={"sponsor_slug": request.sponsor.slug, "program_pk": program.pk})
        if program.pk else _url("program_list", request),
        template="programs/program_form.html",
        context={"formset": formset, "program": program, "program_detail_url": reverse(
            "program_detail", kwargs={"sponsor_slug": request.sponsor.slug, "program_pk": program.pk},
        ) if program.pk else ""},
    )


def program_create(request, sponsor_slug):
    return _program_form(request, Program(sponsor=request.sponsor))


def program_update(request, sponsor_slug, program: Program):
    return _program_form(request, program)
