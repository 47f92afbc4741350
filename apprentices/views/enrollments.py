"""The roster, enrolling an apprentice, the apprentice's record and what sponsor and employer staff change
on it (status, employer, Job Book version, start date, mentors), and its audit trail."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apprentices import forms, selectors, services
from apprentices.charts import hours_by_month_svg
from apprentices.views import own_enrollment
from imt.pages import PAGE_SIZE, apply_validation_error, paginate
from imt.permissions import Role
from imt.reauth import password_confirmed_at as form_confirmed_at


def roster(request, sponsor_slug):
    """Apprentices with progress, mentor, status and the 14-day flag; filter, sort, paginate."""
    membership = request.membership
    if membership.role == Role.APPRENTICE:
        own = own_enrollment(request)
        return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=own.pk)
    filters = forms.RosterFilterForm(request.GET or None, membership=membership)
    values = filters.cleaned_data if filters.is_valid() else {}
    page = selectors.roster_page(
        selectors.enrollments_visible_to(membership), request.GET.get("page"), per_page=PAGE_SIZE,
        status=values.get("status", ""), employer=values.get("employer"), mentor=values.get("mentor"),
        query=(values.get("q") or "").strip(), order=values.get("sort") or "name",
        stale_only=values.get("stale", False),
    )
    return render(request, "apprentices/roster.html", {
        "page": page, "filters": forms.with_choices_read(filters), "can_enroll": membership.can("apprentices.enroll"),
    })


def enroll(request, sponsor_slug):
    membership = request.membership
    employer = membership.employer if membership.role == Role.EMPLOYER_ADMIN else None
    form = forms.EnrollmentForm(request.POST or None, sponsor=request.sponsor, employer=employer, request=request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = data["job_book_version"]
        try:
            enrollment = services.enrollment_create(
                sponsor=request.sponsor, by=request.user, program=data["program"],
                employer=version.job_book.employer, job_book_version=version, start_date=data["start_date"],
                mentors=list(data["mentors"]), email=data["email"], full_name=data["full_name"],
                ratio_override=form.override(),
            )
        except ValidationError as error:
            form.show_error(error)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": enrollment.full_name}
                             + (" " + _("An invitation to sign in was sent to %(email)s.") % {"email": enrollment.email}
                                if enrollment.invitation_id else ""))
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/enroll.html", {"form": form})


def enrollment_detail(request, sponsor_slug, apprentice_enrollment):
    """The apprentice's record: progress per competency and skill, history, mentors, advanced standing."""
    enrollment = apprentice_enrollment
    membership = request.membership
    progress = selectors.enrollment_progress(enrollment)
    is_mentor = membership.role == Role.MENTOR and membership.can("skills.sign_off")
    return render(request, "apprentices/enrollment_detail.html", {
        "enrollment": enrollment,
        "progress": progress,
        "hybrid": enrollment.standards_version.approach == "hybrid",
        "history": selectors.history_of(enrollment),
        "assignments": selectors.mentor_assignments_of(enrollment, latest_end_first=True),
        "standings": selectors.standings_of(enrollment),
        "requested_skills": selectors.requested_skill_keys(enrollment),
        "chart": hours_by_month_svg(selectors.hours_by_month(enrollment)),
        "can_manage": membership.can("apprentices.enroll"),
        "can_sign": is_mentor,
        "can_revoke": membership.can("skills.revoke") and (is_mentor or membership.role != Role.MENTOR),
        "is_apprentice": membership.role == Role.APPRENTICE,
        "can_request_standing": membership.can("standing.request"),
        "sees_demographics": membership.is_sponsor_staff or membership.role == Role.APPRENTICE,
        "sees_audit": membership.can("audit.view"),
    })


def _enrollment_action(request, enrollment, form_class, template, title, run, success, signed=False):
    """GET shows the form; POST validates, calls `run(enrollment, cleaned_data)` (one service) and redirects.
    A `signed` form asks for the password (when not confirmed recently) and gives `confirmed_at`."""
    extra = {"request": request} if signed else {}
    form = form_class(request.POST or None, enrollment=enrollment, **extra)
    if request.method == "POST" and form.is_valid():
        if hasattr(form, "override"):  # a form that can carry a signed override of the ratio
            form.cleaned_data["ratio_override"] = form.override()
        try:
            result = run(enrollment, form.cleaned_data)
        except ValidationError as error:
            (form.show_error if hasattr(form, "show_error") else partial(apply_validation_error, form))(error)
        else:
            if isinstance(result, tuple):
                result = result[1]
            if isinstance(result, services.VersionMoveReport):
                return render(request, "apprentices/version_report.html", {"enrollment": enrollment, "report": result})
            messages.success(request, success)
            return redirect(reverse("enrollment_detail", args=[request.sponsor.slug, enrollment.pk]))
    return render(request, template, {"form": form, "enrollment": enrollment, "title": title})


def enrollment_status(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, forms.StatusChangeForm, "apprentices/enrollment_action.html",
        _("Change status"),
        lambda e, d: services.enrollment_change_status(
            enrollment=e, by=request.user, to_status=d["to_status"], effective_date=d["effective_date"],
            reason=d["reason"], reason_code=d["reason_code"], password_confirmed_at=form_confirmed_at(request),
        ),
        _("The status was changed."), signed=True,
    )


def enrollment_transfer(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, forms.TransferForm, "apprentices/enrollment_action.html",
        _("Transfer to another employer"),
        lambda e, d: services.enrollment_transfer(enrollment=e, by=request.user, employer=d["employer"],
                                                  mentors=list(d["mentors"]), effective_date=d["effective_date"],
                                                  reason=d["reason"], ratio_override=d["ratio_override"],
                                                  password_confirmed_at=form_confirmed_at(request)),
        _("The apprentice was transferred; their hours and sign-offs follow them."), signed=True,
    )


def enrollment_move_version(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, forms.VersionMoveForm, "apprentices/enrollment_action.html",
        _("Move to a newer Job Book version"),
        lambda e, d: services.enrollment_move_version(enrollment=e, by=request.user, **d),
        _("The apprentice was moved to the new version."),
    )


def _start_date_form(data=None, *, enrollment):
    return forms.StartDateForm(data, initial={"start_date": enrollment.start_date})


def enrollment_start_date(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, _start_date_form, "apprentices/enrollment_action.html",
        _("Change the start date"),
        lambda e, d: services.enrollment_change_start_date(enrollment=e, by=request.user, **d),
        _("The start date was changed."),
    )


def enrollment_mentors(request, sponsor_slug, apprentice_enrollment):
    """Assign a mentor of the employer, or end a current assignment (kept in the history)."""
    enrollment = apprentice_enrollment
    form = forms.MentorAssignForm(request.POST if request.POST.get("action") == "assign" else None,
                                  enrollment=enrollment, request=request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unassign":
                assignment = selectors.mentor_assignment_of(enrollment, request.POST.get("assignment") or 0)
                if assignment is None:
                    raise Http404
                services.mentor_unassign(assignment=assignment, by=request.user)
                messages.success(request, _("%(name)s is no longer assigned.") % {"name": assignment.mentor.user})
                return redirect("enrollment_mentors", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
            if form.is_valid():
                services.mentor_assign(enrollment=enrollment, mentor=form.cleaned_data["mentor"], by=request.user,
                                       ratio_override=form.override())
                messages.success(request, _("%(name)s is assigned.") % {"name": form.cleaned_data["mentor"].user})
                return redirect("enrollment_mentors", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
        except ValidationError as error:
            if request.POST.get("action") == "unassign":
                messages.error(request, " ".join(error.messages))
                return redirect("enrollment_mentors", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
            form.show_error(error)
    return render(request, "apprentices/enrollment_mentors.html", {
        "form": form, "enrollment": enrollment, "assignments": selectors.mentor_assignments_of(enrollment),
    })


def audit_trail(request, sponsor_slug, apprentice_enrollment):
    enrollment = apprentice_enrollment
    events = selectors.audit_trail(enrollment)
    page = paginate(request, events, per_page=50)
    return render(request, "apprentices/audit_trail.html", {"enrollment": enrollment, "page": page})
